namespace Ehi.Server.Configuration;

/// <summary>The PROXY protocol on the EHI listener (section <c>Ehi:ProxyProtocol</c>), for N hosts
/// behind a TCP load balancer: the balancer writes the client's address in a header at the start
/// of each connection, so the IP allow list, the logs and the journal see Thredd's address rather
/// than the balancer's. Only connections from <see cref="TrustedProxies"/> may send one; with the
/// protocol on, every connection must come from them and start with a header.</summary>
public sealed class ProxyProtocolOptions
{
    /// <summary>Whether the EHI listener expects a PROXY protocol header (v1 or v2) on every connection.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Enabled { get; set; }

    /// <summary>The load balancers' addresses or CIDR ranges; connections from anywhere else are closed before any TLS work.</summary>
    /// <value>The default value is empty.</value>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>How long a trusted balancer may take to send the whole header after connecting.</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan HeaderTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
