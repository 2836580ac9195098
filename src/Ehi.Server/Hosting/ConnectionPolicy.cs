using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Ehi.Server.Configuration;
using Ehi.Server.Network;
using Ehi.Server.Network.ProxyProtocol;
using Ehi.Server.Status;
using Ehi.Server.Telemetry;
using Ehi.Server.Tls;
using Ehi.Server.WarmUp;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ehi.Server.Hosting;

/// <summary>Per-listener connection handling of the EHI listener, in order: the PROXY protocol
/// header from a trusted balancer (when on), the IP allow list on the client's address, both before
/// any TLS work; a logging scope naming the client for everything that follows; the connection limits
/// (<see cref="ConnectionGuard"/>), counted on the client's address; then the handshake with the
/// current material and the verdict recorded on the connection.</summary>
internal sealed class ConnectionPolicy(IServiceProvider services, NetworkSettings network, EhiServerOptions options, ConnectionGuard guard)
{
    private readonly TlsMaterialSource _material = services.GetRequiredService<TlsMaterialSource>();
    private readonly ClientCertificateValidator _validator = services.GetRequiredService<ClientCertificateValidator>();
    private readonly ILogger _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Ehi.Server.Connections");
    private readonly ServerMetrics _metrics = services.GetRequiredService<ServerMetrics>();
    private readonly RecentRefusals _refusals = services.GetRequiredService<RecentRefusals>();
    private readonly WarmUpIdentity _warmUp = services.GetRequiredService<WarmUpIdentity>();

    public void Configure(ListenOptions listen)
    {
        listen.Protocols = HttpProtocols.Http1;
        if (network.TrustedProxies is { } trusted)
        {
            var proxy = new ProxyProtocolMiddleware(trusted, _warmUp, options.ProxyProtocol.HeaderTimeout, _logger, _metrics, _refusals);
            listen.Use(next => connection => proxy.OnConnectionAsync(connection, next));
        }

        listen.Use(next => connection => AdmitAsync(connection, next));
        listen.Use(next => connection => guard.OnConnectionAsync(connection, next));
        listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            HandshakeTimeout = options.Tls.HandshakeTimeout,
            OnConnection = context => ValueTask.FromResult(CreateOptions(context.Connection)),
        });
    }

    private async Task AdmitAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        string? client = ClientAddress.Of((connection.RemoteEndPoint as IPEndPoint)?.Address);
        var proxy = connection.Features.Get<IProxyProtocolFeature>();
        string via = proxy is null ? string.Empty : " (via balancer " + ClientAddress.Of(proxy.Balancer.Address) + ")";
        if (!network.AllowList.Allows((connection.RemoteEndPoint as IPEndPoint)?.Address))
        {
            if (proxy?.Header.IsLocal == true)
            {
                // The balancer's own health check: its TCP connect succeeded, which is all it asks; not worth a warning.
                _logger.BalancerCheckClosed(client);
            }
            else
            {
                _logger.ConnectionRefusedAddress(client, via);
                _metrics.AddressRefused();
                _refusals.Add("allow_list", null, client);
            }

            connection.Abort(new ConnectionAbortedException("address not in Ehi:AllowIps"));
            return;
        }

        // Every event logged for this connection (TLS, refusals, processing) names the client.
        using (_logger.BeginScope("client {ClientAddress}{Via}", client, via))
        {
            await next(connection).ConfigureAwait(false);
        }
    }

    private SslServerAuthenticationOptions CreateOptions(ConnectionContext connection)
    {
        var material = _material.Current;
        return material.CreateAuthenticationOptions((_, certificate, chain, _) =>
        {
            var leaf = certificate as X509Certificate2 ?? (certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            long crlVersion = _validator.CrlVersion;
            bool ownWarmUp = _warmUp.Recognises(leaf);
            if (connection.Features.Get<WarmUpPeer>() is not null && !ownWarmUp)
            {
                var peer = connection.RemoteEndPoint as IPEndPoint;
                _logger.ConnectionRefusedWarmUpImpostor(ClientAddress.Of(peer?.Address), peer?.Port ?? 0);
                return false;
            }

            var verdict = _validator.Validate(leaf, chain, material);
            if (ownWarmUp)
            {
                // The server's own warm-up (judged above like any certificate, so that path is warm too,
                // and refused as untrusted there): served by the warm-up handler, which keeps nothing.
                _validator.Rehearse(leaf!, chain, material);
                verdict = ClientCertificateVerdict.For(leaf!, ClientCertificateOutcome.Accepted, "the server's own warm-up exchange");
                connection.Features.Set(WarmUpConnection.Marker);
            }

            // The intermediates the client sent are kept so the verdict can be reached again on the same
            // connection when the trust or a CRL changes.
            var sent = new X509Certificate2Collection();
            if (chain is not null)
            {
                sent.AddRange(chain.ChainPolicy.ExtraStore);
            }

            connection.Features.Set<IClientCertificateVerdictFeature>(new ClientCertificateVerdictFeature(verdict, material, crlVersion, sent));
            if (verdict.Warning is { } warning)
            {
                _logger.CertificateAcceptedWithWarning(verdict.Subject, verdict.Thumbprint, warning, ClientAddress.Of((connection.RemoteEndPoint as IPEndPoint)?.Address));
            }

            // The handshake always completes; refusals are answered at the HTTP level, as nginx does.
            return true;
        });
    }
}
