using Ehi.Server.Network;
using Microsoft.Extensions.Configuration;

namespace Ehi.Server.Configuration;

/// <summary>Binds and checks <see cref="EhiServerOptions"/>, collecting every problem, each a
/// sentence naming the setting and the fix (YARP's ConfigValidator habit).</summary>
public static class EhiServerOptionsValidator
{
    /// <summary>Binds the <c>Ehi</c> section; a value that does not convert is a problem, not an exception.</summary>
    public static EhiServerOptions Bind(IConfiguration configuration, ICollection<string> problems)
    {
        var options = new EhiServerOptions();
        try
        {
            configuration.GetSection(EhiServerOptions.Section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            problems.Add(ex.Message + (ex.InnerException is { } inner ? " " + inner.Message : string.Empty) +
                " Valid values: TrustProfile None|Dev|Sandbox|Production, StaleCrl Refuse|Warn, WeakCertificates Refuse|Warn, durations as hh:mm:ss.");
        }

        return options;
    }

    /// <summary>Checks the settings that do not need files; returns the parsed addresses and lists.</summary>
    public static NetworkSettings Validate(EhiServerOptions options, ICollection<string> problems)
    {
        if (!ListenAddress.TryParse(options.Listen, out var listen))
        {
            problems.Add($"Ehi:Listen '{options.Listen}' is not ADDRESS:PORT; write it like localhost:8443, 0.0.0.0:443 or [::]:443.");
        }

        if (string.IsNullOrEmpty(options.Path) || !options.Path.StartsWith('/'))
        {
            problems.Add($"Ehi:Path '{options.Path}' must start with '/', like /ehi.");
        }

        if (options.CutOffPath is { } cutOffPath && (!cutOffPath.StartsWith('/') || cutOffPath == options.Path))
        {
            problems.Add($"Ehi:CutOffPath '{cutOffPath}' must start with '/' and differ from Ehi:Path.");
        }

        var tls = options.Tls;
        bool pem = tls.CertificatePath is not null || tls.KeyPath is not null;
        if (pem && tls.PfxPath is not null)
        {
            problems.Add("Both Ehi:Tls:CertificatePath/KeyPath and Ehi:Tls:PfxPath are set; use PEM files or a PFX, not both.");
        }
        else if (tls.PfxPath is null && (tls.CertificatePath is null || tls.KeyPath is null))
        {
            problems.Add("No server certificate is configured: pass --cert FULLCHAIN.pem with --key KEY.pem (or set Ehi:Tls:PfxPath), or use --dev.");
        }

        if (options.HstsMaxAgeSeconds < 31_536_000)
        {
            problems.Add($"Ehi:HstsMaxAgeSeconds is {options.HstsMaxAgeSeconds}; it must be at least 31536000 (one year).");
        }

        if (options.MaxBodyBytes is < 1024 or > 16 * 1024 * 1024)
        {
            problems.Add($"Ehi:MaxBodyBytes is {options.MaxBodyBytes}; choose between 1024 and 16777216.");
        }

        RequirePositive(tls.ReloadInterval, "Ehi:Tls:ReloadInterval", problems);
        RequirePositive(tls.HandshakeTimeout, "Ehi:Tls:HandshakeTimeout", problems);
        RequirePositive(tls.CrlRefreshInterval, "Ehi:Tls:CrlRefreshInterval", problems);
        RequirePositive(tls.CrlRetryDelay, "Ehi:Tls:CrlRetryDelay", problems);
        RequirePositive(options.ShutdownTimeout, "Ehi:ShutdownTimeout", problems);
        RequirePositive(options.FirstRequestTimeout, "Ehi:FirstRequestTimeout", problems);
        RequirePositive(options.KeepAliveTimeout, "Ehi:KeepAliveTimeout", problems);
        if (options.MaxConnections < 1)
        {
            problems.Add($"Ehi:MaxConnections is {options.MaxConnections}; choose at least 1 (the default is 1000).");
        }

        if (options.MaxConnectionsPerAddress < 1 || options.MaxConnectionsPerAddress > options.MaxConnections)
        {
            problems.Add($"Ehi:MaxConnectionsPerAddress is {options.MaxConnectionsPerAddress}; choose between 1 and Ehi:MaxConnections ({options.MaxConnections}).");
        }
        foreach (string url in tls.CrlUrls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                problems.Add($"Ehi:Tls:CrlUrls entry '{url}' is not an http or https URL.");
            }
        }

        var telemetry = options.Telemetry;
        if (telemetry.OtlpEndpoint is { } otlp && (!Uri.TryCreate(otlp, UriKind.Absolute, out var otlpUri) || (otlpUri.Scheme != Uri.UriSchemeHttp && otlpUri.Scheme != Uri.UriSchemeHttps)))
        {
            problems.Add($"Ehi:Telemetry:OtlpEndpoint '{otlp}' is not an http or https URL; write it like http://127.0.0.1:4318, or leave it unset for no OTLP export.");
        }

        if (!telemetry.OtlpProtocol.Equals("HttpProtobuf", StringComparison.OrdinalIgnoreCase) && !telemetry.OtlpProtocol.Equals("Grpc", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"Ehi:Telemetry:OtlpProtocol '{telemetry.OtlpProtocol}' is neither HttpProtobuf nor Grpc.");
        }

        if (string.IsNullOrWhiteSpace(telemetry.ServiceName))
        {
            problems.Add("Ehi:Telemetry:ServiceName is empty; leave it unset (ehi) or name the service.");
        }

        ListenAddress? admin = null;
        if (options.Admin.Enabled)
        {
            if (!ListenAddress.TryParse(options.Admin.Listen, out admin))
            {
                problems.Add($"Ehi:Admin:Listen '{options.Admin.Listen}' is not ADDRESS:PORT or off; write it like 127.0.0.1:8444.");
            }
            else if (!admin!.IsLoopback && string.IsNullOrEmpty(options.Admin.Token))
            {
                problems.Add($"Ehi:Admin:Listen {options.Admin.Listen} is reachable from other machines; set Ehi:Admin:Token (EHI__Admin__Token) so the admin API requires a bearer token, or listen on 127.0.0.1.");
            }
        }

        return new NetworkSettings(listen, IpAllowList.Parse(options.AllowIps, problems), admin, ValidateProxyProtocol(options.ProxyProtocol, problems));
    }

    private static IpAllowList? ValidateProxyProtocol(ProxyProtocolOptions proxy, ICollection<string> problems)
    {
        var trusted = IpAllowList.Parse(proxy.TrustedProxies, problems, "Ehi:ProxyProtocol:TrustedProxies");
        if (proxy.Enabled && !trusted.IsEnabled)
        {
            problems.Add("Ehi:ProxyProtocol:Enabled is on but Ehi:ProxyProtocol:TrustedProxies is empty; name the load balancer's address or range with --trusted-proxy 10.0.0.5 (repeatable), or turn the PROXY protocol off.");
        }
        else if (!proxy.Enabled && trusted.IsEnabled)
        {
            problems.Add("Ehi:ProxyProtocol:TrustedProxies is set but the PROXY protocol is off; add --proxy-protocol (Ehi:ProxyProtocol:Enabled true), or remove the trusted proxies.");
        }

        RequirePositive(proxy.HeaderTimeout, "Ehi:ProxyProtocol:HeaderTimeout", problems);
        return proxy.Enabled ? trusted : null;
    }

    private static void RequirePositive(TimeSpan value, string name, ICollection<string> problems)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add($"{name} is {value}; it must be a positive duration such as 00:00:10.");
        }
    }
}
