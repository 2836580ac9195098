using System.Collections.Concurrent;
using Ehi.Core.Handling;
using Ehi.Server.Hosting;
using Ehi.Server.Status;
using Ehi.Server.WarmUp;
using Ehi.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Ehi.Server.Tests.Http;

/// <summary>The warm-up before ready (issue 11): a real loopback mTLS exchange with the server's own
/// in-memory certificate, answered by the warm-up handler only, finished before the host reports
/// started and <c>/readyz</c> turns ready, and its certificate worthless afterwards.</summary>
public sealed class WarmUpTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestPki _pki = new();
    private readonly Recording _real = new();
    private readonly Recording _warmUp = new();

    [Fact]
    public async Task Start_WarmsOverMtls_ThroughTheWarmUpHandlerOnly()
    {
        // Given a server with a real handler and a warm-up handler
        await using var server = await TestServer.StartAsync(_pki, output, s => s["Ehi:WarmUp"] = "true", Register);

        // Then, once started, every round went over mTLS to the warm-up handler, none to the real one: at
        // least the minimum of rounds, more while the runtime was still compiling, never past the maximum
        int warmUps = _warmUp.Count;
        Assert.InRange(warmUps, WarmUpMessages.Rounds * WarmUpMessages.PerRound, WarmUpMessages.MaxRounds * WarmUpMessages.PerRound);
        Assert.Equal(0, warmUps % WarmUpMessages.PerRound);
        Assert.Equal(0, _real.Count);
        Assert.Equal((1, 1), (_warmUp.Prepared, _warmUp.Finished));
        Assert.Contains(server.Logs.Lines, l => l.Contains("Warmed up in", StringComparison.Ordinal) && l.Contains("over mTLS with 127.0.0.1", StringComparison.Ordinal) && l.Contains($"answered 200 x{warmUps}", StringComparison.Ordinal));
        Assert.True(_warmUp.Thumbprints.All(t => t is not null), "the warm-up went through the TLS listener with a certificate");
        // The status page's traffic window was rehearsed in scratch slots: it counts no message yet
        Assert.Equal(0, server.Host.Services.GetRequiredService<TrafficWindow>().Snapshot().Sum(s => s.Messages));

        // And a client's message goes to the real handler
        Assert.Equal(200, (await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}")).Status);
        Assert.Equal((1, warmUps), (_real.Count, _warmUp.Count));
    }

    [Fact]
    public async Task WarmUpCertificate_AfterReady_IsRefusedAsUntrusted()
    {
        // Given a started server, and its warm-up certificate (with key) in a client's hands
        await using var server = await TestServer.StartAsync(_pki, output, s => s["Ehi:WarmUp"] = "true", Register);
        var identity = server.Host.Services.GetRequiredService<WarmUpIdentity>();

        // When it is presented after the warm-up
        int warmUps = _warmUp.Count;
        var answer = await server.Client(_pki, identity.Certificate).PostAsync("/ehi", "{}");

        // Then it is refused like any unknown certificate, and no handler sees the message
        Assert.Equal(400, answer.Status);
        Assert.Equal((0, warmUps), (_real.Count, _warmUp.Count));
        Assert.Contains(server.Logs.Lines, l => l.Contains("Untrusted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AllowListWithoutLoopback_WarmsInProcess()
    {
        // Given an allow list that would refuse this host's own loopback connection
        await using var server = await TestServer.StartAsync(_pki, output, s =>
        {
            s["Ehi:WarmUp"] = "true";
            s["Ehi:AllowIps:0"] = "203.0.113.0/24";
        }, Register);

        // Then the handler is warmed in process, and nothing was refused or logged as a refusal
        Assert.Equal(WarmUpMessages.Rounds * WarmUpMessages.PerRound, _warmUp.Count);
        Assert.Contains(server.Logs.Lines, l => l.Contains("Warm-up without a loopback connection: Ehi:AllowIps does not admit 127.0.0.1", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains("Connection refused", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("127.0.0.1:0")]
    [InlineData("[::]:0")] // dual stack: the warm-up's IPv4 loopback arrives as ::ffff:127.0.0.1
    public async Task ProxyProtocolOn_WarmsThroughTheBalancersPath_ThenAdmitsBalancersOnly(string listen)
    {
        // Given a listener that takes connections from one balancer only (not this host's loopback)
        await using var server = await TestServer.StartAsync(_pki, output, s =>
        {
            s["Ehi:WarmUp"] = "true";
            s["Ehi:Listen"] = listen;
            s["Ehi:ProxyProtocol:Enabled"] = "true";
            s["Ehi:ProxyProtocol:TrustedProxies:0"] = "192.0.2.10";
        }, Register);

        // Then the warm-up still went over the listener: PROXY header, mTLS, the warm-up handler only
        int warmUps = _warmUp.Count;
        Assert.InRange(warmUps, WarmUpMessages.Rounds * WarmUpMessages.PerRound, WarmUpMessages.MaxRounds * WarmUpMessages.PerRound);
        Assert.True(_warmUp.Thumbprints.All(t => t is not null), "the warm-up went through the TLS listener with a certificate");
        Assert.Contains(server.Logs.Lines, l => l.Contains("Warmed up in", StringComparison.Ordinal) && l.Contains("over mTLS with 127.0.0.1", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains("Connection refused", StringComparison.Ordinal));

        // And once ready, a connection from that loopback address, even with a header, is refused
        // before TLS (it is no balancer), and nothing reaches either handler
        var stranger = new MtlsClient
        {
            Port = server.Port,
            ServerRoot = _pki.HostRoot.Certificate,
            Certificate = _pki.Client,
            Preamble = ProxyHeaders.V2("203.0.113.7", "10.0.0.5"),
        };
        var error = await Assert.ThrowsAnyAsync<Exception>(() => stranger.PostAsync("/ehi", "{}"));
        Assert.True(error is IOException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException, error.ToString());
        Assert.Equal((0, warmUps), (_real.Count, _warmUp.Count));
        Assert.Contains(server.Logs.Lines, l => l.Contains("Connection refused: address 127.0.0.1 is not in Ehi:ProxyProtocol:TrustedProxies", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProxyProtocolOn_AnotherProcessOnAWarmUpEndPoint_IsRefusedAtTheHandshake()
    {
        // Given a server whose warm-up is held open, trusting one other balancer only
        var (host, starting, logs) = await StartHeldAsync(s =>
        {
            s["Ehi:ProxyProtocol:Enabled"] = "true";
            s["Ehi:ProxyProtocol:TrustedProxies:0"] = "192.0.2.10";
        });
        await using var _ = host;
        var identity = host.Services.GetRequiredService<WarmUpIdentity>();

        // When a connection arrives from an end point the warm-up announced (as if another local process
        // had bound that port first), with a balancer's header and a client certificate the trust accepts
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        identity.ExpectPeer((System.Net.IPEndPoint)socket.LocalEndPoint!);
        await socket.ConnectAsync(System.Net.IPAddress.Loopback, host.EhiAddresses[0].Port);
        await using var stream = new System.Net.Sockets.NetworkStream(socket);
        await stream.WriteAsync(ProxyHeaders.V2("203.0.113.7", "10.0.0.5"));
        await using var tls = new System.Net.Security.SslStream(stream, false, (_, _, _, _) => true);
        int answered = 0;
        var error = await Record.ExceptionAsync(async () =>
        {
            await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions { TargetHost = "localhost", ClientCertificates = [_pki.Client] });
            // With TLS 1.3 the client finishes before the server has judged its certificate: the
            // refusal shows on the first read.
            await tls.WriteAsync("POST /ehi HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{}"u8.ToArray());
            answered = await tls.ReadAsync(new byte[1024]).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        });

        // Then the handshake fails (or the connection closes unanswered), the refusal is logged with its
        // reason, and no handler saw anything
        Assert.True(error is null ? answered == 0 : error is IOException or System.Security.Authentication.AuthenticationException, error?.ToString() ?? $"{answered} bytes answered");
        Assert.Contains(logs.Lines, l => l.Contains("without the warm-up's certificate", StringComparison.Ordinal));
        Assert.Equal(0, _real.Count);
        _warmUp.Hold!.SetResult();
        await starting.WaitAsync(TimeSpan.FromSeconds(60));
        await host.StopAsync();
    }

    [Fact]
    public async Task Readyz_WhileWarmingUp_IsNotReady()
    {
        // Given a server whose warm-up is held back, with its admin API on
        var (host, starting, _) = await StartHeldAsync(s => s["Ehi:Admin:Listen"] = "127.0.0.1:0");
        await using var _ = host;
        using var http = new HttpClient();

        // When /readyz is asked while it runs, and again once it is done
        var during = await http.GetAsync(new Uri(host.AdminAddress!, "/readyz"));
        string duringBody = await during.Content.ReadAsStringAsync();
        Assert.False(starting.IsCompleted, "the host reports started only after the warm-up");
        _warmUp.Hold!.SetResult();
        await starting.WaitAsync(TimeSpan.FromSeconds(30));
        var after = await http.GetAsync(new Uri(host.AdminAddress!, "/readyz"));

        // Then it is 503 naming the warm-up, then 200
        Assert.Equal(503, (int)during.StatusCode);
        Assert.Contains("warming up", duringBody, StringComparison.Ordinal);
        Assert.Equal(200, (int)after.StatusCode);
        await host.StopAsync();
    }

    public void Dispose() => _pki.Dispose();

    // A host started with its warm-up held in PrepareAsync (release it with _warmUp.Hold), once the
    // warm-up has begun.
    private async Task<(EhiServerHost Host, Task Starting, XunitLoggerProvider Logs)> StartHeldAsync(Action<Dictionary<string, string?>> configure)
    {
        _warmUp.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var settings = TestServer.DefaultSettings(_pki);
        settings["Ehi:WarmUp"] = "true";
        configure(settings);
        var logs = new XunitLoggerProvider(output);
        var host = EhiServerHost.Create(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), l => l.ClearProviders().AddProvider(logs), Register);
        var starting = host.StartAsync();
        await _warmUp.Preparing.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return (host, starting, logs);
    }

    private void Register(IServiceCollection services)
    {
        services.AddSingleton<IEhiMessageHandler>(_real);
        services.AddSingleton<IWarmUpMessageHandler>(_warmUp);
    }

    /// <summary>Acknowledges anything and counts what it saw.</summary>
    private sealed class Recording : IWarmUpMessageHandler
    {
        private static readonly EhiAnswer Acknowledged = new(200, "application/json", """{"Acknowledgement":"0"}"""u8.ToArray());
        private readonly ConcurrentQueue<string?> _thumbprints = new();

        public int Count => _thumbprints.Count;

        public IReadOnlyList<string?> Thumbprints => [.. _thumbprints];

        public int Prepared { get; private set; }

        public int Finished { get; private set; }

        public TaskCompletionSource? Hold { get; set; }

        public TaskCompletionSource Preparing { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task PrepareAsync(CancellationToken cancellationToken)
        {
            Prepared++;
            Preparing.TrySetResult();
            if (Hold is not null)
            {
                await Hold.Task.WaitAsync(cancellationToken);
            }
        }

        public ValueTask FinishAsync()
        {
            Finished++;
            return ValueTask.CompletedTask;
        }

        public ValueTask<EhiAnswer> HandleAsync(EhiRequest request, CancellationToken cancellationToken)
        {
            _thumbprints.Enqueue(request.ClientThumbprint);
            return ValueTask.FromResult(Acknowledged);
        }
    }
}
