namespace Ehi.Server.Telemetry;

/// <summary>The one table of log event ids. Ids are stable: never renumber or reuse one.</summary>
internal static class EventIds
{
    public const int ConnectionRefusedAddress = 100;
    public const int RequestRefusedCertificate = 101;
    public const int RequestRefusedPin = 102;
    public const int CertificateAcceptedWithWarning = 103;
    public const int ConnectionRefusedUntrustedProxy = 104;
    public const int ConnectionRefusedProxyHeader = 105;
    public const int BalancerProbeClosed = 106;
    public const int BalancerCheckClosed = 107;
    public const int ConnectionRejudged = 108;
    public const int ConnectionLimited = 109;
    public const int ConnectionRefusedWarmUpImpostor = 110;
    public const int TlsReloaded = 200;
    public const int TlsReloadFailed = 201;
    public const int ReloadedOnHangup = 202;
    public const int HangupReloadFailed = 203;
    public const int CrlFetched = 210;
    public const int CrlFetchFailed = 211;
    public const int CrlStale = 212;
    public const int CrlRetryScheduled = 213;
    public const int MessageRejected = 300;
    public const int RequestBodyFailed = 301;
    public const int AdminRequestRefused = 400;
    public const int WarmedUp = 500;
    public const int WarmUpFailed = 501;
    public const int WarmUpOverTlsSkipped = 502;
}
