using System.Net;
using System.Security.Cryptography.X509Certificates;
using Ehi.Core.Handling;
using Ehi.Server.Configuration;
using Ehi.Server.Health;
using Ehi.Server.Http;
using Ehi.Server.Messaging;
using Ehi.Server.Network;
using Ehi.Server.Status;
using Ehi.Server.Telemetry;
using Ehi.Server.Tls;
using Ehi.Server.WarmUp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace Ehi.Server.Hosting;

/// <summary>The ehi endpoint: Kestrel listening with mTLS per <see cref="EhiServerOptions"/>.
/// Construction validates everything and throws <see cref="ServerConfigurationException"/> with
/// all problems at once; nothing listens until <see cref="StartAsync"/>.</summary>
public sealed class EhiServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EhiServerHost(WebApplication app, StartupReport report)
    {
        _app = app;
        Report = report;
    }

    /// <summary>What the server serves.</summary>
    public StartupReport Report { get; }

    /// <summary>The service provider (for the hosting process and tests).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The bound addresses, with real ports, once started (the EHI listener's are https).</summary>
    public IReadOnlyList<Uri> Addresses =>
        [.. (_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []).Select(a => new Uri(a))];

    /// <summary>The EHI (mTLS) addresses.</summary>
    public IReadOnlyList<Uri> EhiAddresses => [.. Addresses.Where(a => a.Scheme == Uri.UriSchemeHttps)];

    /// <summary>The admin API's address, if it listens.</summary>
    public Uri? AdminAddress => Addresses.FirstOrDefault(a => a.Scheme == Uri.UriSchemeHttp);

    /// <summary>Validates the configuration and builds the server.</summary>
    /// <param name="configuration">The configuration holding the <c>Ehi</c> section.</param>
    /// <param name="configureLogging">Logging set-up (console for the CLI, test output for tests).</param>
    /// <param name="configureServices">Extra services, e.g. an <see cref="IEhiMessageHandler"/>; the default acknowledges only.</param>
    /// <param name="time">The clock; the system clock by default.</param>
    /// <exception cref="ServerConfigurationException">Any setting or file is wrong.</exception>
    public static EhiServerHost Create(IConfiguration configuration, Action<ILoggingBuilder>? configureLogging = null, Action<IServiceCollection>? configureServices = null, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var problems = new List<string>();
        var warnings = new List<string>();
        var options = EhiServerOptionsValidator.Bind(configuration, problems);
        var network = EhiServerOptionsValidator.Validate(options, problems);
        var (listen, allowList, admin) = (network.Listen, network.AllowList, network.Admin);
        var material = TlsMaterial.Load(options.Tls, time.GetUtcNow(), problems, warnings);
        if (problems.Count > 0 || material is null || listen is null)
        {
            throw new ServerConfigurationException(problems);
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseKestrelCore();
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        configureLogging?.Invoke(builder.Logging);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.Tls);
        builder.Services.AddSingleton(material);
        builder.Services.AddSingleton<DownloadedCrls>();
        builder.Services.AddSingleton(sp => new ClientCertificateValidator(sp.GetRequiredService<DownloadedCrls>(), time, options.Tls, sp.GetRequiredService<ServerMetrics>()));
        builder.Services.AddSingleton<TlsMaterialSource>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TlsMaterialSource>());
        builder.Services.AddSingleton(_ => new HttpClient { Timeout = TimeSpan.FromSeconds(30) });
        builder.Services.AddSingleton<CrlRefresher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CrlRefresher>());
        builder.Services.AddSingleton<IEhiMessageHandler, AcknowledgeOnlyHandler>();
        var report = BuildReport(options, network, material, time.GetUtcNow(), warnings);
        builder.Services.AddSingleton(report);
        TelemetrySetup.Add(builder.Services, options.Telemetry);
        builder.Services.AddSingleton<RecentRefusals>();
        builder.Services.AddSingleton<TrafficWindow>();
        builder.Services.AddSingleton(network);
        builder.Services.AddSingleton<WarmUpIdentity>();
        builder.Services.AddSingleton<LoopbackWarmUp>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LoopbackWarmUp>());
        builder.Services.AddHealthChecks()
            .AddCheck<TlsMaterialHealthCheck>(TlsMaterialHealthCheck.Name)
            .AddCheck<CrlHealthCheck>(CrlHealthCheck.Name)
            .AddCheck<WarmUpHealthCheck>(WarmUpHealthCheck.Name);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = options.ShutdownTimeout);
        // Under systemd (Type=notify): READY=1 once listening, STOPPING=1 on SIGTERM; a no-op elsewhere.
        builder.Services.AddSystemd();
        if (!SystemdHelpers.IsSystemdService() && Environment.GetEnvironmentVariable("NOTIFY_SOCKET") is { Length: > 0 })
        {
            // A notify socket without systemd as the parent (a supervisor that speaks sd_notify, or
            // ehi started through a wrapper): notify it all the same, as libsystemd's sd_notify would.
            builder.Services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
            builder.Services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }

        builder.Services.AddHostedService<ReloadOnHangup>();
        configureServices?.Invoke(builder.Services);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            kestrel.Limits.KeepAliveTimeout = options.KeepAliveTimeout;
            kestrel.Limits.RequestHeadersTimeout = options.FirstRequestTimeout;
            var guard = new ConnectionGuard(options.MaxConnections, options.MaxConnectionsPerAddress, options.FirstRequestTimeout, time, kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Ehi.Server.Connections"));
            var connections = new ConnectionPolicy(kestrel.ApplicationServices, network, options, guard);
            if (listen.IsLocalhost)
            {
                kestrel.ListenLocalhost(listen.Port, connections.Configure);
            }
            else if (listen.Address is null)
            {
                kestrel.ListenAnyIP(listen.Port, connections.Configure);
            }
            else
            {
                kestrel.Listen(listen.Address, listen.Port, connections.Configure);
            }

            if (admin is not null)
            {
                // Plain HTTP on its own port; the marker keeps its requests away from the EHI pipeline.
                Action<ListenOptions> adminListener = l => l.Use(next => connection =>
                {
                    connection.Features.Set(AdminConnection.Marker);
                    return next(connection);
                });
                if (admin.IsLocalhost)
                {
                    kestrel.ListenLocalhost(admin.Port, adminListener);
                }
                else
                {
                    kestrel.Listen(admin.Address ?? IPAddress.Any, admin.Port, adminListener);
                }
            }
        });

        var app = builder.Build();
        _ = app.Services.GetRequiredService<TrafficWindow>(); // listening from the first message on
        app.MapWhen(c => c.Features.Get<AdminConnection>() is not null, a =>
        {
            a.UseMiddleware<AdminAuthorization>();
            a.UseMiddleware<HealthEndpoints>();
            a.UseOpenTelemetryPrometheusScrapingEndpoint(c => c.Request.Path == "/metrics");
            a.UseMiddleware<StatusPageEndpoint>();
            a.UseMiddleware<AdminEndpoint>();
        });
        app.Use((context, next) =>
        {
            // A request arrived: the connection is no longer subject to the first-request limit.
            if (context.Features.Get<FirstRequestFeature>() is { } first && !first.Start())
            {
                context.Abort();
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.UseMiddleware<ClientCertificateMiddleware>();
        app.UseMiddleware<EhiEndpoint>();
        return new EhiServerHost(app, report);
    }

    /// <summary>Fetches configured CRLs once, then starts listening.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        using var crlTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        crlTimeout.CancelAfter(TimeSpan.FromSeconds(15));
        await _app.Services.GetRequiredService<CrlRefresher>().RefreshAsync(crlTimeout.Token).ConfigureAwait(false);
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until the host is asked to stop (SIGTERM, Ctrl+C) and has drained.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops accepting, drains in-flight requests up to the shutdown timeout.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static StartupReport BuildReport(EhiServerOptions options, NetworkSettings network, TlsMaterial material, DateTimeOffset now, List<string> warnings)
    {
        var controls = new List<string>
        {
            "TLS 1.2 and 1.3 only; TLS 1.2 with ECDHE + AEAD suites only; no renegotiation",
            "client certificate required; trust from the configured CAs only",
            TlsMaterial.SuiteEnforcement,
            network.AllowList.IsEnabled ? "IP allow list on: " + string.Join(", ", network.AllowList.Ranges) : "IP allow list off",
            network.TrustedProxies is { } proxies
                ? "PROXY protocol (v1, v2) required, from balancers " + string.Join(", ", proxies.Ranges) + " only; the allow list, logs and journal see the address in its header"
                : "PROXY protocol off",
            material.Pins.Count > 0 ? $"certificate pinning on: {material.Pins.Count} pin(s)" : "certificate pinning off",
            $"HSTS max-age={options.HstsMaxAgeSeconds}",
            $"connection limits: {options.MaxConnections} open (Ehi:MaxConnections), {options.MaxConnectionsPerAddress} per address (Ehi:MaxConnectionsPerAddress), first request within {options.FirstRequestTimeout.TotalSeconds:0.###} s (Ehi:FirstRequestTimeout), keep-alive {options.KeepAliveTimeout.TotalSeconds:0.###} s (Ehi:KeepAliveTimeout)",
            $"stale CRL policy: {options.Tls.StaleCrl}",
            GcBudget.Describe(),
            $"weak client certificates (MD5/SHA-1 signatures, RSA < 2048, EC < 256 bits): {options.Tls.WeakCertificates} (Ehi:Tls:WeakCertificates)",
            material.Trust.Intermediates.Count == 0
                ? "issuing CA requirement: none configured (the trust holds roots only)"
                : options.Tls.RequireIssuingCa ? "client chains must run through a configured issuing CA (Ehi:Tls:RequireIssuingCa true)" : "client chains may use any intermediate under the root (Ehi:Tls:RequireIssuingCa false)",
            options.Admin.Enabled ? $"admin API on http://{options.Admin.Listen} ({(string.IsNullOrEmpty(options.Admin.Token) ? "loopback, no token" : "bearer token required")}; " +
                $"browser origins allowed: {(options.Admin.AllowedOrigins.Count == 0 ? "none" : string.Join(", ", options.Admin.AllowedOrigins))} (Ehi:Admin:AllowedOrigins); " +
                $"Host must be the listener's address{(options.Admin.AllowedHosts.Count == 0 ? string.Empty : " or " + string.Join(", ", options.Admin.AllowedHosts))} (Ehi:Admin:AllowedHosts); bodies application/json only)" : "admin API off",
        };
        var crls = material.Trust.AllCertificates
            .Select(ca => (Ca: ca, Crls: material.CrlFiles.Where(c => c.Ca.RawDataMemory.Span.SequenceEqual(ca.RawDataMemory.Span)).ToList()))
            .Where(x => x.Crls.Count > 0)
            .Select(x => $"{x.Ca.Subject}: {x.Crls.Count} CRL(s): " + string.Join("; ", x.Crls.Select(c =>
                $"{c.Source}, {c.Crl.RevokedCount} revoked, next update {c.Crl.NextUpdate:yyyy-MM-dd HH:mm} UTC{(c.Crl.IsStale(now) ? " (STALE)" : string.Empty)}")))
            .Concat(options.Tls.CrlUrls.Select(u => $"{u}: fetched every {options.Tls.CrlRefreshInterval}"))
            .ToList();
        return new StartupReport(
            options.Listen,
            options.Path,
            material.Server.Facts.Subject,
            material.Server.Facts.NotAfter,
            1 + material.Server.Intermediates.Count,
            [.. material.Trust.AllCertificates.Select(c => (c.Subject, new DateTimeOffset(c.NotAfter.ToUniversalTime(), TimeSpan.Zero)))],
            crls,
            controls,
            warnings);
    }
}
