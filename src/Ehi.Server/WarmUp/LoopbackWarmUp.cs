using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Ehi.Core.Handling;
using Ehi.Server.Configuration;
using Ehi.Server.Messaging;
using Ehi.Server.Network.ProxyProtocol;
using Ehi.Server.Status;
using Ehi.Server.Telemetry;
using Ehi.Server.Tls;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ehi.Server.WarmUp;

/// <summary>Warms every path before the server reports ready (issue 11: a cold process answered its
/// first message in 100-270 ms against about 10 later). It runs once Kestrel listens and before the
/// host announces it has started, which is what sends sd_notify READY=1, prints the banner and turns
/// <c>/readyz</c> ready: <see cref="WarmUpMessages.Rounds"/> new mTLS connections to the server's own
/// listener with the <see cref="WarmUpIdentity"/>, each posting a round of <see cref="WarmUpMessages"/>,
/// so the handshake, chain judging, HTTP, parsing, classification, decision, journal and answer
/// encoding are compiled, set up and compiled again optimised before the first real message. Those messages reach the <see cref="IWarmUpMessageHandler"/> (a throwaway
/// journal), never the real handler. Best effort and bounded: a failure is logged and the server
/// reports ready all the same.</summary>
internal sealed class LoopbackWarmUp(
    IServer server,
    WarmUpIdentity identity,
    IEnumerable<IWarmUpMessageHandler> handlers,
    EhiServerOptions options,
    NetworkSettings network,
    TlsMaterialSource material,
    TrafficWindow traffic,
    TimeProvider time,
    ILogger<LoopbackWarmUp> logger) : IHostedLifecycleService
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan QuietLimit = TimeSpan.FromSeconds(5);
    private const int Lanes = 2;
    private const int CalmWindow = 10;
    private const int CalmCompilations = 5;
    private const int QuietChecks = 5;
    private volatile bool _complete = !options.WarmUp;

    /// <summary>True once the warm-up has run (or is off).</summary>
    public bool IsComplete => _complete;

    public Task StartedAsync(CancellationToken cancellationToken) => options.WarmUp ? RunAsync(cancellationToken) : Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        long started = time.GetTimestamp();
        // Its client requests (and the in-process path) are not traced: only Thredd's messages are.
        using var quiet = OpenTelemetry.SuppressInstrumentationScope.Begin();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Limit);
        // Without a processing handler (a bare server), the acknowledging one stands in: it journals nothing.
        IEhiMessageHandler handler = handlers.LastOrDefault() ?? (IEhiMessageHandler)new AcknowledgeOnlyHandler();
        int exchanges = 0;
        try
        {
            if (handler is IWarmUpMessageHandler prepared)
            {
                await prepared.PrepareAsync(limit.Token).ConfigureAwait(false);
            }

            if (LoopbackTarget(out string? why) is { } target)
            {
                // A new connection per round, on two lanes at once (the JIT's background compiles run
                // beside them on a second core): the handshake path runs once per round, so it needs
                // the rounds to pass the calls after which the runtime recompiles it optimised.
                var answers = new List<int>();
                await ExchangeRoundsAsync(target, answers, limit.Token).ConfigureAwait(false);
                exchanges = answers.Count;
                traffic.Rehearse();
                await JitQuietAsync(limit.Token).ConfigureAwait(false);
                string answered = string.Join(", ", answers.GroupBy(a => a).Select(g => $"{g.Key} x{g.Count()}"));
                logger.WarmedUp((long)time.GetElapsedTime(started).TotalMilliseconds, exchanges, $"over mTLS with {target.Authority}, answered {answered}");
            }
            else
            {
                logger.WarmUpOverTlsSkipped(why!);
                for (int round = 0; round < WarmUpMessages.Rounds; round++)
                {
                    foreach (var (contentType, soapAction, body) in WarmUpMessages.Round(round))
                    {
                        await handler.HandleAsync(new EhiRequest(body, contentType, soapAction, null, null, time.GetUtcNow()), limit.Token).ConfigureAwait(false);
                        exchanges++;
                    }
                }

                traffic.Rehearse();
                await JitQuietAsync(limit.Token).ConfigureAwait(false);
                logger.WarmedUp((long)time.GetElapsedTime(started).TotalMilliseconds, exchanges, "in process");
            }
        }
        catch (Exception ex)
        {
            // Whatever went wrong (a temporary directory not writable, a refused handshake), the warm-up
            // is an optimisation: the server starts and serves all the same.
            logger.WarmUpFailed(cancellationToken.IsCancellationRequested ? "the server is stopping" : ex is OperationCanceledException ? $"not done within {Limit.TotalSeconds} s" : ex.Message);
        }
        finally
        {
            identity.Close();
            if (handler is IWarmUpMessageHandler finished)
            {
                await finished.FinishAsync().ConfigureAwait(false);
            }

            _complete = true;
        }
    }

    // At least WarmUpMessages.Rounds rounds, then on while the runtime still compiles: the last ten
    // rounds must have compiled fewer than five methods (at most WarmUpMessages.MaxRounds), so that the
    // recompilations happen here rather than beside the first real traffic.
    private async Task ExchangeRoundsAsync(Uri target, List<int> answers, CancellationToken cancellationToken)
    {
        var compiled = new Queue<long>();
        for (int round = 0; round < WarmUpMessages.MaxRounds; round += Lanes)
        {
            await Task.WhenAll(Enumerable.Range(round, Lanes).Select(r => ExchangeAsync(target, r, answers, cancellationToken))).ConfigureAwait(false);
            long now = System.Runtime.JitInfo.GetCompiledMethodCount();
            compiled.Enqueue(now);
            if (compiled.Count > CalmWindow / Lanes && now - compiled.Dequeue() < CalmCompilations && round + Lanes >= WarmUpMessages.Rounds)
            {
                return;
            }
        }
    }

    // Any answer will do (a bare server's acknowledging handler refuses the SOAP sample with 400): the
    // point is the code it ran. The answers are logged so a refusal of the warm-up itself shows.
    private async Task ExchangeAsync(Uri target, int round, List<int> answers, CancellationToken cancellationToken)
    {
        var serverLeaf = material.Current.Server.Leaf;
        using var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = network.TrustedProxies is null ? null : ConnectAsBalancerAsync,
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            MaxConnectionsPerServer = 1,
            SslOptions = new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                ClientCertificateContext = SslStreamCertificateContext.Create(identity.Certificate, null, offline: true),
                // The server it talks to is itself: the certificate it serves, nothing else.
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(serverLeaf.RawDataMemory.Span),
            },
        });
        foreach (var (contentType, soapAction, body) in WarmUpMessages.Round(round))
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = content, Version = HttpVersion.Version11 };
            if (soapAction is not null)
            {
                request.Headers.TryAddWithoutValidation("SOAPAction", soapAction);
            }

            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            _ = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            lock (answers)
            {
                answers.Add((int)response.StatusCode);
            }
        }
    }

    // With the PROXY protocol on, a connection opens as a balancer's would: a version 2 header naming
    // this connection's own end points, written before the TLS handshake. Its local end point is
    // announced first, so that the listener lets this one connection through (WarmUpIdentity).
    private async ValueTask<Stream> ConnectAsBalancerAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var address = IPAddress.Parse(context.DnsEndPoint.Host.Trim('[', ']'));
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        IPEndPoint? local = null;
        try
        {
            socket.Bind(new IPEndPoint(address, 0));
            local = (IPEndPoint)socket.LocalEndPoint!;
            identity.ExpectPeer(local);
            var remote = new IPEndPoint(address, context.DnsEndPoint.Port);
            await socket.ConnectAsync(remote, cancellationToken).ConfigureAwait(false);
            var stream = new NetworkStream(socket, ownsSocket: true);
            await stream.WriteAsync(ProxyHeaderWriter.V2(local, remote), cancellationToken).ConfigureAwait(false);
            return stream;
        }
        catch
        {
            if (local is not null)
            {
                identity.ForgetPeer(local);
            }

            socket.Dispose();
            throw;
        }
    }

    // The methods called 30 times are compiled again, optimised, on a background thread shortly after;
    // waiting until the count of compiled methods stops growing (at most QuietLimit) keeps that off the
    // first real messages' CPU.
    private async Task JitQuietAsync(CancellationToken cancellationToken)
    {
        long started = time.GetTimestamp();
        long last = System.Runtime.JitInfo.GetCompiledMethodCount();
        int quiet = 0;
        while (quiet < QuietChecks && time.GetElapsedTime(started) < QuietLimit)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken).ConfigureAwait(false);
            long now = System.Runtime.JitInfo.GetCompiledMethodCount();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
    }

    // The EHI listener as this process can reach it, or null (with why) when a loopback client would be
    // refused before TLS: with the PROXY protocol on or an allow list that does not name the address.
    private Uri? LoopbackTarget(out string? why)
    {
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses.Select(a => new Uri(a)).FirstOrDefault(a => a.Scheme == Uri.UriSchemeHttps);
        if (listening is null)
        {
            why = "the EHI listener's address is not known";
            return null;
        }

        var address = IPAddress.TryParse(listening.Host.Trim('[', ']'), out var parsed) && !parsed.Equals(IPAddress.Any) && !parsed.Equals(IPAddress.IPv6Any)
            ? parsed
            : IPAddress.Loopback;
        if (!network.AllowList.Allows(address))
        {
            why = $"Ehi:AllowIps does not admit {address}, the address this host reaches its listener from";
            return null;
        }

        why = null;
        return new UriBuilder(Uri.UriSchemeHttps, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString(), listening.Port, options.Path).Uri;
    }
}
