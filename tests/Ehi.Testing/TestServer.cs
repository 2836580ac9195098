using System.Collections.Concurrent;
using Ehi.Core.Handling;
using Ehi.Server.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Ehi.Testing;

/// <summary>The real ehi server on 127.0.0.1 with an ephemeral port, configured from a
/// <see cref="TestPki"/> plus per-test settings.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly EhiServerHost _host;
    private readonly ConcurrentQueue<string> _schemaViolations;

    private TestServer(EhiServerHost host, XunitLoggerProvider logs, ConcurrentQueue<string> schemaViolations)
    {
        _host = host;
        Logs = logs;
        _schemaViolations = schemaViolations;
    }

    public int Port => _host.EhiAddresses[0].Port;

    public XunitLoggerProvider Logs { get; }

    public EhiServerHost Host => _host;

    /// <summary>Settings that serve <paramref name="pki"/>'s server chain and trust its processor CAs.</summary>
    public static Dictionary<string, string?> DefaultSettings(TestPki pki) => new()
    {
        ["Ehi:Listen"] = "127.0.0.1:0",
        ["Ehi:Tls:CertificatePath"] = pki.ServerChainFile,
        ["Ehi:Tls:KeyPath"] = pki.ServerKeyFile,
        ["Ehi:Tls:TrustPaths:0"] = pki.TrustBundle,
        ["Ehi:Tls:ReloadInterval"] = "00:00:00.200",
        ["Ehi:Admin:Listen"] = "off",
        // Most tests count connections, handshakes and messages from the start; WarmUpTests turn it on.
        ["Ehi:WarmUp"] = "false",
    };

    public static async Task<TestServer> StartAsync(TestPki pki, ITestOutputHelper? output, Action<Dictionary<string, string?>>? configure = null, Action<IServiceCollection>? services = null)
    {
        var settings = DefaultSettings(pki);
        configure?.Invoke(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var logs = new XunitLoggerProvider(output);
        var violations = new ConcurrentQueue<string>();
        var host = EhiServerHost.Create(configuration, logging => logging.ClearProviders().AddProvider(logs), s =>
        {
            services?.Invoke(s);
            CheckSoapAnswers(s, violations);
        });
        await host.StartAsync();
        return new TestServer(host, logs, violations);
    }

    public MtlsClient Client(TestPki pki, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate) =>
        new() { Port = Port, ServerRoot = pki.HostRoot.Certificate, Certificate = certificate };

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
        if (!_schemaViolations.IsEmpty)
        {
            throw new Xunit.Sdk.XunitException("The server sent SOAP answers that violate the EHI response schema:" + Environment.NewLine + string.Join(Environment.NewLine, _schemaViolations));
        }
    }

    // The handler the test registered (the last one wins in DI), wrapped so its SOAP answers are checked.
    private static void CheckSoapAnswers(IServiceCollection services, ConcurrentQueue<string> violations)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IEhiMessageHandler));
        services.Remove(registered);
        services.AddSingleton<IEhiMessageHandler>(sp =>
        {
            var inner = registered.ImplementationInstance as IEhiMessageHandler
                ?? registered.ImplementationFactory?.Invoke(sp) as IEhiMessageHandler
                ?? (IEhiMessageHandler)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!);
            return new SchemaCheckingHandler(inner, violations);
        });
    }
}
