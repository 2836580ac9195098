namespace Ehi.Server.Configuration;

/// <summary>The admin API listener (section <c>Ehi:Admin</c>): plain HTTP on its own port, never the mTLS one.</summary>
public sealed class AdminOptions
{
    /// <summary>ADDRESS:PORT of the admin API, or <c>off</c>.</summary>
    /// <value>The default value is <c>127.0.0.1:8444</c> (loopback only).</value>
    public string Listen { get; set; } = "127.0.0.1:8444";

    /// <summary>Bearer token required on every admin request; mandatory when <see cref="Listen"/> is not a loopback address.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Token { get; set; }

    /// <summary>Origins (scheme://host[:port]) whose browser requests are allowed. Any request carrying
    /// another Origin header is refused, so a web page the operator visits cannot drive the API.</summary>
    /// <value>The default value is empty: no browser origin is allowed.</value>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Extra Host header values (host[:port]) accepted besides the listener's own address,
    /// e.g. the name a reverse proxy forwards. Anything else is refused, which defeats DNS rebinding.</summary>
    /// <value>The default value is empty: only the listener's address (and localhost on loopback).</value>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>True unless <see cref="Listen"/> is <c>off</c> or empty.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Listen) && !Listen.Equals("off", StringComparison.OrdinalIgnoreCase);
}
