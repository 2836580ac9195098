using Ehi.Server.Configuration;
using Ehi.Server.Network;
using Ehi.Server.Status;
using Ehi.Server.Telemetry;
using Ehi.Server.Tls;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ehi.Server.Http;

/// <summary>Answers every request whose connection's client certificate was refused, the way nginx
/// does with <c>ssl_verify_client on</c>: the handshake completed, the refusal is an HTTP 400 (403
/// for a pin mismatch) and the connection closes after it. Adds HSTS to every response, refusals
/// included, since scanners grade what they see without a certificate.</summary>
internal sealed class ClientCertificateMiddleware
{
    private readonly RequestDelegate _next;
    private readonly TlsMaterialSource _material;
    private readonly ClientCertificateValidator _validator;
    private readonly ILogger<ClientCertificateMiddleware> _logger;
    private readonly string _hsts;
    private readonly ServerMetrics _metrics;
    private readonly RecentRefusals _refusals;

    public ClientCertificateMiddleware(RequestDelegate next, TlsMaterialSource material, ClientCertificateValidator validator, EhiServerOptions options, ServerMetrics metrics, RecentRefusals refusals, ILogger<ClientCertificateMiddleware> logger)
    {
        _metrics = metrics;
        _refusals = refusals;
        _next = next;
        _material = material;
        _validator = validator;
        _logger = logger;
        _hsts = $"max-age={options.HstsMaxAgeSeconds}";
    }

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.Headers.StrictTransportSecurity = _hsts;
        var verdict = VerdictOf(context);
        string? remote = ClientAddress.Of(context.Connection.RemoteIpAddress);
        if (verdict.Outcome != ClientCertificateOutcome.Accepted)
        {
            _metrics.CertificateRefused(verdict.Outcome);
            _refusals.Add(ServerMetrics.ReasonName(verdict.Outcome), verdict, remote);
        }

        switch (verdict.Outcome)
        {
            case ClientCertificateOutcome.Accepted:
                return _next(context);
            case ClientCertificateOutcome.PinMismatch:
                _logger.RequestRefusedPin(verdict.Detail, remote, verdict.Subject, verdict.Issuer, verdict.Serial, verdict.Thumbprint);
                return RefuseAsync(context, StatusCodes.Status403Forbidden, RefusalPages.Forbidden);
            default:
                _logger.RequestRefusedCertificate(verdict.Outcome.ToString(), verdict.Detail, remote, verdict.Subject, verdict.Issuer, verdict.Serial, verdict.Thumbprint);
                return RefuseAsync(context, StatusCodes.Status400BadRequest,
                    verdict.Outcome == ClientCertificateOutcome.NoCertificate ? RefusalPages.NoCertificate : RefusalPages.CertificateError);
        }
    }

    // The verdict is reached during the handshake. If the TLS layer skipped the validation callback
    // (a resumed session, for instance), validate here instead: no path skips the checks. A keep-alive
    // connection judged under older trust or CRLs is judged again, so a certificate revoked while its
    // connection stays open is refused on its next request.
    private ClientCertificateVerdict VerdictOf(HttpContext context)
    {
        var material = _material.Current;
        long crlVersion = _validator.CrlVersion;
        var feature = context.Features.Get<IClientCertificateVerdictFeature>() as ClientCertificateVerdictFeature;
        if (feature is not null && ReferenceEquals(feature.Material, material) && feature.CrlVersion == crlVersion)
        {
            return feature.Verdict;
        }

        var sent = feature?.SentIntermediates ?? [];
        var verdict = _validator.Revalidate(context.Connection.ClientCertificate, sent, material);
        if (feature is not null && verdict.Outcome != feature.Verdict.Outcome)
        {
            _logger.ConnectionRejudged(feature.Verdict.Outcome.ToString(), verdict.Outcome.ToString(), verdict.Subject, verdict.Thumbprint);
        }

        context.Features.Set<IClientCertificateVerdictFeature>(new ClientCertificateVerdictFeature(verdict, material, crlVersion, sent));
        return verdict;
    }

    private static Task RefuseAsync(HttpContext context, int status, string page)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html";
        context.Response.Headers.Connection = "close";
        context.Response.ContentLength = System.Text.Encoding.ASCII.GetByteCount(page);
        return context.Response.WriteAsync(page);
    }
}
