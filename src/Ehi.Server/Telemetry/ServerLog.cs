using Microsoft.Extensions.Logging;

namespace Ehi.Server.Telemetry;

/// <summary>Source-generated log events of the server: one structured event per refusal, with the reason.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventIds.ConnectionRefusedAddress, LogLevel.Warning, "Connection refused: address {RemoteAddress} is not in Ehi:AllowIps{Via}")]
    public static partial void ConnectionRefusedAddress(this ILogger logger, string? remoteAddress, string via);

    [LoggerMessage(EventIds.ConnectionRefusedUntrustedProxy, LogLevel.Warning,
        "Connection refused: address {RemoteAddress} is not in Ehi:ProxyProtocol:TrustedProxies (with the PROXY protocol on, clients connect through the load balancer only)")]
    public static partial void ConnectionRefusedUntrustedProxy(this ILogger logger, string? remoteAddress);

    [LoggerMessage(EventIds.ConnectionRefusedWarmUpImpostor, LogLevel.Warning,
        "Connection refused: it came from {RemoteAddress}:{Port}, the end point of one of the server's own warm-up connections, without the warm-up's certificate (another local process took that port)")]
    public static partial void ConnectionRefusedWarmUpImpostor(this ILogger logger, string? remoteAddress, int port);

    [LoggerMessage(EventIds.ConnectionRefusedProxyHeader, LogLevel.Warning, "Connection refused: from balancer {BalancerAddress}, {Reason}")]
    public static partial void ConnectionRefusedProxyHeader(this ILogger logger, string? balancerAddress, string reason);

    [LoggerMessage(EventIds.BalancerProbeClosed, LogLevel.Debug, "Connection from balancer {BalancerAddress} closed without a byte (a TCP health check)")]
    public static partial void BalancerProbeClosed(this ILogger logger, string? balancerAddress);

    [LoggerMessage(EventIds.BalancerCheckClosed, LogLevel.Debug, "Health check (PROXY LOCAL) from balancer {BalancerAddress} closed before TLS: the balancer's address is not in Ehi:AllowIps")]
    public static partial void BalancerCheckClosed(this ILogger logger, string? balancerAddress);

    [LoggerMessage(EventIds.RequestRefusedCertificate, LogLevel.Warning,
        "Request refused ({Outcome}): {Reason}; remote {RemoteAddress}, client certificate subject {Subject}, issuer {Issuer}, serial {Serial}, thumbprint {Thumbprint}")]
    public static partial void RequestRefusedCertificate(this ILogger logger, string outcome, string reason, string? remoteAddress, string? subject, string? issuer, string? serial, string? thumbprint);

    [LoggerMessage(EventIds.RequestRefusedPin, LogLevel.Warning,
        "Request refused (PinMismatch): {Reason}; remote {RemoteAddress}, client certificate subject {Subject}, issuer {Issuer}, serial {Serial}, thumbprint {Thumbprint}")]
    public static partial void RequestRefusedPin(this ILogger logger, string reason, string? remoteAddress, string? subject, string? issuer, string? serial, string? thumbprint);

    [LoggerMessage(EventIds.CertificateAcceptedWithWarning, LogLevel.Warning, "Client certificate {Subject} (thumbprint {Thumbprint}) accepted with a warning: {Warning}; remote {RemoteAddress}")]
    public static partial void CertificateAcceptedWithWarning(this ILogger logger, string? subject, string? thumbprint, string warning, string? remoteAddress);

    [LoggerMessage(EventIds.TlsReloaded, LogLevel.Information, "TLS material reloaded: server certificate {Subject} (expires {NotAfter:yyyy-MM-dd}), {TrustCount} trusted CA(s), {CrlCount} CRL file(s)")]
    public static partial void TlsReloaded(this ILogger logger, string subject, DateTimeOffset notAfter, int trustCount, int crlCount);

    [LoggerMessage(EventIds.TlsReloadFailed, LogLevel.Error, "TLS files changed but the new material is not usable; still serving the previous one. Problems: {Problems}")]
    public static partial void TlsReloadFailed(this ILogger logger, string problems);

    [LoggerMessage(EventIds.CrlFetched, LogLevel.Information, "CRL fetched from {Url}: issuer {Issuer}, {Revoked} revoked, next update {NextUpdate:yyyy-MM-dd HH:mm} UTC")]
    public static partial void CrlFetched(this ILogger logger, string url, string issuer, int revoked, DateTimeOffset? nextUpdate);

    [LoggerMessage(EventIds.CrlFetchFailed, LogLevel.Warning, "CRL fetch from {Url} failed: {Reason}; keeping the previous CRL")]
    public static partial void CrlFetchFailed(this ILogger logger, string url, string reason);

    [LoggerMessage(EventIds.CrlRetryScheduled, LogLevel.Information, "CRL fetch from {Url}: retry {Retry} in {Delay}")]
    public static partial void CrlRetryScheduled(this ILogger logger, string url, int retry, TimeSpan delay);

    [LoggerMessage(EventIds.CrlStale, LogLevel.Warning, "CRL {Source} is stale: nextUpdate {NextUpdate:yyyy-MM-dd HH:mm} UTC has passed")]
    public static partial void CrlStale(this ILogger logger, string source, DateTimeOffset? nextUpdate);

    [LoggerMessage(EventIds.MessageRejected, LogLevel.Warning, "EHI message rejected with {Status}: {Reason}; remote {RemoteAddress}")]
    public static partial void MessageRejected(this ILogger logger, int status, string reason, string? remoteAddress);

    [LoggerMessage(EventIds.ConnectionRejudged, LogLevel.Warning, "Open connection judged again after the trust or a CRL changed: {Before} -> {After}; client certificate subject {Subject}, thumbprint {Thumbprint}")]
    public static partial void ConnectionRejudged(this ILogger logger, string before, string after, string? subject, string? thumbprint);

    [LoggerMessage(EventIds.AdminRequestRefused, LogLevel.Warning, "Admin request refused ({Reason}): {Detail}; {Method} {Path} from {RemoteAddress}")]
    public static partial void AdminRequestRefused(this ILogger logger, string reason, string detail, string method, string? path, string? remoteAddress);

    [LoggerMessage(EventIds.ReloadedOnHangup, LogLevel.Information, "SIGHUP: TLS files re-read ({Outcome}); serving {Subject} (expires {NotAfter:yyyy-MM-dd})")]
    private static partial void HangupReload(this ILogger logger, string outcome, string subject, DateTimeOffset notAfter);

    [LoggerMessage(EventIds.HangupReloadFailed, LogLevel.Error, "SIGHUP: re-reading the TLS files and CRLs failed: {Reason}; the material in use is kept")]
    public static partial void HangupReloadFailed(this ILogger logger, string reason);

    public static void ReloadedOnHangup(this ILogger logger, bool changed, string subject, DateTimeOffset notAfter) =>
        logger.HangupReload(changed ? "new material taken" : "unchanged", subject, notAfter);

    [LoggerMessage(EventIds.ConnectionLimited, LogLevel.Warning, "Connection closed ({Reason}): {Count} since the last report, latest from {RemoteAddress}; {Open} open; {Limit}")]
    public static partial void ConnectionLimited(this ILogger logger, string reason, long count, string remoteAddress, int open, string limit);

    [LoggerMessage(EventIds.RequestBodyFailed, LogLevel.Warning, "Request body not received ({Status}): {Reason}; remote {RemoteAddress}")]
    public static partial void RequestBodyFailed(this ILogger logger, int status, string reason, string? remoteAddress);

    [LoggerMessage(EventIds.WarmedUp, LogLevel.Information, "Warmed up in {Milliseconds} ms before reporting ready: {Exchanges} message exchange(s) {How}")]
    public static partial void WarmedUp(this ILogger logger, long milliseconds, int exchanges, string how);

    [LoggerMessage(EventIds.WarmUpFailed, LogLevel.Warning, "Warm-up incomplete ({Reason}); the server reports ready all the same, and the first messages may be slower")]
    public static partial void WarmUpFailed(this ILogger logger, string reason);

    [LoggerMessage(EventIds.WarmUpOverTlsSkipped, LogLevel.Information, "Warm-up without a loopback connection: {Reason}")]
    public static partial void WarmUpOverTlsSkipped(this ILogger logger, string reason);
}
