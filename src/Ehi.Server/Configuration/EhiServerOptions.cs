namespace Ehi.Server.Configuration;

/// <summary>Settings of <c>ehi serve</c> (configuration section <c>Ehi</c>; environment variables
/// <c>EHI__Listen</c>, <c>EHI__Tls__CertificatePath</c>, …; command-line flags win).</summary>
public sealed class EhiServerOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Ehi";

    /// <summary>Address and port to listen on: <c>localhost:8443</c>, <c>0.0.0.0:443</c>, <c>[::]:443</c>, <c>127.0.0.1:0</c>.</summary>
    /// <value>The default value is <c>localhost:8443</c> (127.0.0.1 and ::1).</value>
    public string Listen { get; set; } = "localhost:8443";

    /// <summary>The EHI path that accepts POSTed messages.</summary>
    /// <value>The default value is <c>/ehi</c>.</value>
    public string Path { get; set; } = "/ehi";

    /// <summary>A separate path for Cut-Off messages, as Thredd recommends; Cut-Offs are also recognised on <see cref="Path"/>.</summary>
    /// <value>The default value is <see langword="null"/> (none).</value>
    public string? CutOffPath { get; set; }

    /// <summary>The admin API listener.</summary>
    public AdminOptions Admin { get; set; } = new();

    /// <summary>Metrics and traces.</summary>
    public TelemetryOptions Telemetry { get; set; } = new();

    /// <summary>TLS settings.</summary>
    public TlsOptions Tls { get; set; } = new();

    /// <summary>Addresses and CIDR ranges allowed to connect (IPv4 and IPv6); checked before any TLS work.</summary>
    /// <value>The default value is empty (every address may connect).</value>
    public List<string> AllowIps { get; set; } = [];

    /// <summary>The PROXY protocol from trusted load balancers.</summary>
    public ProxyProtocolOptions ProxyProtocol { get; set; } = new();

    /// <summary>The Strict-Transport-Security max-age, in seconds.</summary>
    /// <value>The default value is 31536000 (one year, the least SSL Labs rewards with A+).</value>
    public long HstsMaxAgeSeconds { get; set; } = 31_536_000;

    /// <summary>The largest request body accepted, in bytes.</summary>
    /// <value>The default value is 65536.</value>
    public long MaxBodyBytes { get; set; } = 65_536;

    /// <summary>The most connections open at once on the EHI listener; more are closed at once and logged.</summary>
    /// <value>The default value is 1000 (Thredd keeps a few dozen; each idle TLS connection costs tens of KB).</value>
    public int MaxConnections { get; set; } = 1000;

    /// <summary>The most connections open at once from one address.</summary>
    /// <value>The default value is 200.</value>
    public int MaxConnectionsPerAddress { get; set; } = 200;

    /// <summary>How long a new connection has, from accept and handshake included, to deliver its first
    /// complete request headers; an idle or slow new connection is closed and logged. Connections that
    /// have completed a request keep the keep-alive timeout (<see cref="KeepAliveTimeout"/>).</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan FirstRequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a connection that has completed a request may stay idle before the next.</summary>
    /// <value>The default value is 130 seconds (Kestrel's).</value>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(130);

    /// <summary>How long SIGTERM waits for in-flight requests before the process exits.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether the server warms every path with a loopback mTLS exchange of its own (a throwaway
    /// journal, no core system) before it reports ready, so the first real message is not slowed by JIT
    /// compilation and first-use set-up.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool WarmUp { get; set; } = true;
}
