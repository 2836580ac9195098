using System.CommandLine;
using Ehi.Cli.Output;
using Ehi.Pki.Authority;
using Ehi.Pki.Dev;
using Ehi.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Ehi.Cli.Commands.Serve;

/// <summary><c>ehi serve</c>: the mTLS endpoint.</summary>
internal static class ServeCommand
{
    public static Command Create(Terminal terminal)
    {
        var dev = new Option<bool>("--dev") { Description = "Use the dev PKI (created on first use): its server chain, its processor CAs as trust, its CRL." };
        var pkiDir = new Option<string>("--pki-dir") { Description = "Dev PKI directory for --dev.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("EHI_PKI_DIR") ?? DevPkiLayout.DefaultDirectory };
        var config = new Option<string?>("--config") { Description = "Settings file (default: ./appsettings.json when present)." };
        var logFormat = new Option<string>("--log-format") { Description = "text or json (one event per line either way).", DefaultValueFactory = _ => "text" };
        logFormat.AcceptOnlyFromAmong("text", "json");
        var proxyProtocol = new Option<bool>("--proxy-protocol")
        {
            Description = "Behind a TCP load balancer: every connection starts with a PROXY protocol header (v1 or v2) naming the client, accepted from --trusted-proxy addresses only.",
        };
        (Option Option, string Key)[] single =
        [
            (new Option<string>("--listen") { Description = "ADDRESS:PORT to listen on (default localhost:8443)." }, "Ehi:Listen"),
            (new Option<string>("--cert") { Description = "PEM file: server certificate followed by its intermediate(s)." }, "Ehi:Tls:CertificatePath"),
            (new Option<string>("--key") { Description = "PEM file: the server certificate's private key." }, "Ehi:Tls:KeyPath"),
            (new Option<string>("--pfx") { Description = "PKCS#12 file instead of --cert/--key (password in EHI__Tls__PfxPassword)." }, "Ehi:Tls:PfxPath"),
            (new Option<string>("--trust-profile") { Description = "dev, sandbox or production: which processor CAs to trust." }, "Ehi:Tls:TrustProfile"),
            (new Option<string>("--stale-crl") { Description = "refuse (default) or warn when a CRL is past its nextUpdate." }, "Ehi:Tls:StaleCrl"),
            (new Option<string>("--path") { Description = "The EHI path (default /ehi)." }, "Ehi:Path"),
            (new Option<string>("--cutoff-path") { Description = "A separate Cut-Off path (Cut-Offs are also recognised on the EHI path)." }, "Ehi:CutOffPath"),
            (new Option<string>("--data") { Description = "Directory of the SQLite journal and ledger (default ./.ehi/data)." }, "Ehi:Data"),
            (new Option<string>("--database") { Description = "PostgreSQL instead of SQLite, shared by any number of hosts: an Npgsql connection string or postgres://user:pass@host:port/db." }, "Ehi:Database:ConnectionString"),
            (new Option<string>("--mode") { Description = "Default EHI mode: 1 gateway, 2 cooperative, 3 full service, 4 gateway with STIP." }, "Ehi:Processing:Mode"),
            (new Option<string>("--provider") { Description = "Decision provider: ledger (the built-in ledger; the default with --dev), static (one code for all) or forward." }, "Ehi:Processing:Provider"),
            (new Option<string>("--admin-listen") { Description = "ADDRESS:PORT of the admin API, or off (default 127.0.0.1:8444; a non-loopback address needs Ehi:Admin:Token)." }, "Ehi:Admin:Listen"),
            (new Option<string>("--forward-url") { Description = "The decision service the forward provider POSTs to." }, "Ehi:Processing:Forward:Url"),
        ];
        (Option Option, string Key)[] multiple =
        [
            (new Option<string[]>("--trust") { Description = "PEM file of processor CAs to trust (repeatable)." }, "Ehi:Tls:TrustPaths"),
            (new Option<string[]>("--crl") { Description = "CRL file of a trusted CA (repeatable)." }, "Ehi:Tls:CrlPaths"),
            (new Option<string[]>("--crl-url") { Description = "CRL URL refreshed in the background (repeatable)." }, "Ehi:Tls:CrlUrls"),
            (new Option<string[]>("--allow-ip") { Description = "Address or CIDR range allowed to connect (repeatable)." }, "Ehi:AllowIps"),
            (new Option<string[]>("--trusted-proxy") { Description = "Address or CIDR range of a load balancer that sends the PROXY protocol header (repeatable; with --proxy-protocol)." }, "Ehi:ProxyProtocol:TrustedProxies"),
            (new Option<string[]>("--pin") { Description = "SPKI SHA-256 pin (base64) the client chain must match (repeatable)." }, "Ehi:Tls:Pins"),
        ];
        var command = new Command("serve", CommonOptions.Help(
            "Serve the EHI endpoint with mutual TLS as Thredd's guide (4.1) requires: the full server chain, TLS 1.2/1.3 with forward-secret AEAD suites, " +
            "client certificates trusted only through the configured CA bundle, CRLs, optional IP allow list and pinning, HSTS, hot reload of certificate files. " +
            "Settings, each overriding the one before: --config FILE (default ./appsettings.json, section Ehi), environment variables EHI__Section__Key (EHI__Tls__CertificatePath), then these flags; every setting is in docs/configuration/appsettings.sample.json.",
            "ehi serve --dev",
            "ehi serve --listen 0.0.0.0:443 --cert fullchain.pem --key server.key --trust-profile sandbox",
            "ehi serve --listen 127.0.0.1:8443 --cert fullchain.pem --key server.key --trust processor-ca-bundle.pem --crl issuer.crl --allow-ip 203.0.113.7",
            "ehi serve --listen 0.0.0.0:8443 --cert fullchain.pem --key server.key --trust-profile production --proxy-protocol --trusted-proxy 10.0.0.5 --allow-ip 203.0.113.7"))
        {
            dev, pkiDir, config, logFormat, proxyProtocol,
        };
        foreach (var (option, _) in single.Concat(multiple))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            // Yield first: System.CommandLine only waits for an action whose task it holds, and this one
            // would otherwise run synchronously up to WaitForShutdownAsync (PKI, journal, start, report).
            // A SIGTERM in that window made it exit 143 at once, leaving the journal's WAL behind.
            await Task.Yield();
            var flags = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (option, key) in single)
            {
                if (result.GetValue<string>(option.Name) is { } value)
                {
                    flags[key] = value;
                }
            }

            foreach (var (option, key) in multiple)
            {
                string[] values = result.GetValue<string[]>(option.Name) ?? [];
                for (int i = 0; i < values.Length; i++)
                {
                    flags[$"{key}:{i}"] = values[i];
                }
            }

            if (result.GetValue(proxyProtocol))
            {
                flags["Ehi:ProxyProtocol:Enabled"] = "true";
            }

            DevPkiLayout? layout = null;
            if (result.GetValue(dev))
            {
                layout = new DevPkiLayout(result.GetValue(pkiDir)!);
                var pki = new DevPki(TimeProvider.System).Ensure(layout, KeyKind.EcdsaP256, force: false);
                if (pki.Created)
                {
                    PkiDevCommandReport(terminal, pki);
                }

                flags.TryAdd("Ehi:Tls:CertificatePath", layout.ServerFullChain);
                flags.TryAdd("Ehi:Tls:KeyPath", layout.ServerKey);
                flags.TryAdd("Ehi:Tls:TrustProfile", "Dev");
                flags.TryAdd("Ehi:Tls:DevPkiDirectory", layout.Directory);
                flags.TryAdd("Ehi:Tls:CrlPaths:0", layout.ProcessorIssuingCrl);
                flags.TryAdd("Ehi:Processing:Provider", "ledger");
            }

            var configuration = ServeConfiguration.Build(result.GetValue(config), flags);
            bool json = result.GetValue(logFormat) == "json";
            var problems = new List<string>(ServeConfiguration.OldFormVariables());
            var processing = ProcessingComposition.Create(configuration, problems);
            EhiServerHost? host = null;
            try
            {
                host = EhiServerHost.Create(configuration, logging => ConfigureLogging(logging, json), services => processing?.AddTo(services));
            }
            catch (ServerConfigurationException ex)
            {
                problems.InsertRange(0, ex.Problems);
            }

            if (problems.Count > 0 || host is null || processing is null)
            {
                terminal.Error.WriteLine("error: failed to start the server: the configuration has " + (problems.Count == 1 ? "a problem:" : $"{problems.Count} problems:"));
                foreach (string problem in problems)
                {
                    terminal.Error.WriteLine("  - " + problem);
                }

                if (host is not null)
                {
                    await host.DisposeAsync().ConfigureAwait(false);
                }

                if (processing is not null)
                {
                    await processing.DisposeAsync().ConfigureAwait(false);
                }

                return ExitCodes.LocalError;
            }

            // The journal closes after the server has stopped taking messages.
            await using var journal = processing.ConfigureAwait(false);
            await using (host.ConfigureAwait(false))
            {
                // SIGTERM or Ctrl+C at any moment, even while starting, is a clean stop: the host drains and
                // the journal closes. The start itself is not cancelled half-way (that left the WAL behind).
                if (await processing.WriteProblemAsync().ConfigureAwait(false) is { } unwritable)
                {
                    throw new CliError(ExitCodes.LocalError, "start the server", unwritable, "make the journal file and its directory writable by the service user (or choose another --data DIR), then start again");
                }

                var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
                using var stopOnSignal = cancellationToken.Register(lifetime.StopApplication);
                try
                {
                    await host.StartAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (IOException ex)
                {
                    // Kestrel names the address it could not bind; the admin listener is the plain-http one.
                    bool admin = ex.Message.Contains("http://", StringComparison.OrdinalIgnoreCase);
                    throw admin
                        ? new CliError(ExitCodes.LocalError, $"listen on {configuration["Ehi:Admin:Listen"] ?? "127.0.0.1:8444"} (the admin API)", ex.Message, "choose another admin address with --admin-listen ADDRESS:PORT, or --admin-listen off")
                        : new CliError(ExitCodes.LocalError, $"listen on {host.Report.Listen}", ex.Message, "choose another address with --listen ADDRESS:PORT");
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return ExitCodes.Ok;
                }

                if (!lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    // Every path was warmed by the host before it reported started (WarmUpProcessing).
                    StartupReportRenderer.Render(terminal.Out, host.Report, host.EhiAddresses, host.AdminAddress, layout, processing.Describe());
                }

                using var journalWatch = new JournalLossWatch(processing.Store, lifetime, host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ehi.Journal"));
                await host.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
                if (journalWatch.Reason is { } lost)
                {
                    throw new CliError(ExitCodes.LocalError, "keep serving", lost, "restore the journal from a backup if it was removed by mistake, then start ehi serve again (under systemd it is restarted)");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void PkiDevCommandReport(Terminal terminal, DevPkiResult pki)
    {
        Commands.Pki.PkiDevCommand.Render(terminal.Out, pki);
        terminal.Out.WriteLine();
    }

    private static void ConfigureLogging(ILoggingBuilder logging, bool json)
    {
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        // Start-up failures (a port in use) are reported by ehi in one sentence, not as the host's stack trace.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        // Logs go to stderr: stdout carries only what the server is serving.
        if (json)
        {
            logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.IncludeScopes = true; // the connection's scope names the client address
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }

        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}
