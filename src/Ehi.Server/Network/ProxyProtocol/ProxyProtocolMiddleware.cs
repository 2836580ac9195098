using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Ehi.Server.Status;
using Ehi.Server.Telemetry;
using Ehi.Server.WarmUp;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Ehi.Server.Network.ProxyProtocol;

/// <summary>Kestrel connection middleware, placed before TLS: accepts a connection only from a
/// trusted load balancer and only with a valid PROXY protocol header, strips the header and makes
/// the client address it names the connection's remote end point, which everything after it (the
/// allow list, the logs, the journal) reads. Anything else is closed before any TLS work, with the
/// reason logged. The server's own warm-up connections (<see cref="WarmUpIdentity"/>) pass as a
/// balancer would, with a header of their own, so that this path too is warm before ready.</summary>
internal sealed class ProxyProtocolMiddleware(IpAllowList trustedProxies, WarmUpIdentity warmUp, TimeSpan headerTimeout, ILogger logger, ServerMetrics metrics, RecentRefusals refusals)
{
    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var peer = connection.RemoteEndPoint as IPEndPoint;
        bool trusted = peer is not null && trustedProxies.Allows(peer.Address);
        bool warmUpPeer = !trusted && warmUp.AdmitsPeer(peer);
        if (peer is null || (!trusted && !warmUpPeer))
        {
            logger.ConnectionRefusedUntrustedProxy(ClientAddress.Of(peer?.Address));
            metrics.ProxyProtocolRefused("untrusted_peer");
            refusals.Add("proxy_untrusted_peer", null, ClientAddress.Of(peer?.Address));
            connection.Abort(new ConnectionAbortedException("peer not in Ehi:ProxyProtocol:TrustedProxies"));
            return;
        }

        var (header, error) = await ReadHeaderAsync(connection).ConfigureAwait(false);
        if (header is null)
        {
            if (error is null)
            {
                // A balancer's health check that closes or resets before a byte arrives: not worth a warning.
                logger.BalancerProbeClosed(ClientAddress.Of(peer.Address));
            }
            else
            {
                logger.ConnectionRefusedProxyHeader(ClientAddress.Of(peer.Address), error);
                metrics.ProxyProtocolRefused("bad_header");
                refusals.Add("proxy_bad_header", null, ClientAddress.Of(peer.Address));
            }

            connection.Abort(new ConnectionAbortedException("no valid PROXY protocol header"));
            return;
        }

        connection.Features.Set<IProxyProtocolFeature>(new ProxyProtocolFeature(peer, header));
        if (warmUpPeer)
        {
            // Not a balancer: the address it claims is not taken (the handshake must show it is ours).
            connection.Features.Set(WarmUpPeer.Marker);
        }
        else if (header.Source is { } client)
        {
            connection.RemoteEndPoint = new IPEndPoint(ClientAddress.Normalize(client.Address), client.Port);
        }

        await next(connection).ConfigureAwait(false);
    }

    // Reads until the header is complete, consuming exactly its bytes: what follows (the TLS
    // ClientHello) stays in the pipe for the next middleware.
    // A null header with a null error: the peer closed without sending a byte.
    private async Task<(ProxyHeader? Header, string? Error)> ReadHeaderAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        timeout.CancelAfter(headerTimeout);
        long seen = 0;
        while (true)
        {
            ReadResult read;
            try
            {
                read = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (connection.ConnectionClosed.IsCancellationRequested)
            {
                // The peer closed or reset (HAProxy ends its health checks with a reset). The
                // close can be signalled before the read observes bytes that came with it, so
                // what is still buffered counts too.
                if (input.TryRead(out var rest))
                {
                    seen = Math.Max(seen, rest.Buffer.Length);
                    input.AdvanceTo(rest.Buffer.Start, rest.Buffer.End);
                }

                return seen == 0 ? (null, null) : (null, $"the connection closed after {seen} byte(s) of an incomplete PROXY protocol header");
            }
            catch (OperationCanceledException)
            {
                return (null, $"no complete PROXY protocol header within {headerTimeout.TotalSeconds:0.###} s");
            }
            catch (Exception ex) when (ex is IOException or ConnectionResetException or ConnectionAbortedException)
            {
                return seen == 0 ? (null, null) : (null, $"the connection failed after {seen} byte(s) of an incomplete PROXY protocol header: {ex.Message}");
            }

            var buffer = read.Buffer;
            seen = buffer.Length;
            var result = Parse(buffer);
            switch (result.Status)
            {
                case ProxyParseStatus.Complete:
                    input.AdvanceTo(buffer.GetPosition(result.Header!.Length));
                    return (result.Header, null);
                case ProxyParseStatus.Invalid:
                    input.AdvanceTo(buffer.Start, buffer.End);
                    return (null, result.Error);
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                input.AdvanceTo(buffer.Start, buffer.End);
                return buffer.IsEmpty ? (null, null) : (null, $"the connection closed after {buffer.Length} byte(s) of an incomplete PROXY protocol header");
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    // Headers are short (v1 at most 107 bytes); a buffer split across segments is copied once.
    private static ProxyParseResult Parse(ReadOnlySequence<byte> buffer) =>
        buffer.IsSingleSegment ? ProxyHeaderParser.Parse(buffer.FirstSpan) : ProxyHeaderParser.Parse(buffer.ToArray());
}
