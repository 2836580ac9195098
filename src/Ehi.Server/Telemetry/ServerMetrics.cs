using System.Diagnostics.Metrics;
using Ehi.Server.Tls;

namespace Ehi.Server.Telemetry;

/// <summary>The server's own instruments (meter <c>Ehi.Server</c>): refusals by reason and the
/// life left in the certificates and CRLs it serves with, read when scraped.</summary>
public sealed class ServerMetrics : IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Ehi.Server";

    private readonly Meter _meter;
    private readonly Counter<long> _certificateRefusals;
    private readonly Counter<long> _allowListRefusals;
    private readonly Counter<long> _pinRefusals;
    private readonly Counter<long> _proxyProtocolRefusals;
    private readonly Counter<long> _chainCacheHits;
    private readonly Counter<long> _chainCacheMisses;

    /// <summary>Creates the instruments; the gauges read <paramref name="material"/> and <paramref name="downloaded"/> when collected.</summary>
    public ServerMetrics(IMeterFactory meters, TlsMaterialSource material, DownloadedCrls downloaded, TimeProvider time)
    {
        _meter = meters.Create(MeterName);
        _certificateRefusals = _meter.CreateCounter<long>("ehi.client_certificate.refusals", "{request}", "Requests refused because of the client certificate, by reason.");
        _allowListRefusals = _meter.CreateCounter<long>("ehi.allow_list.refusals", "{connection}", "Connections refused before TLS because the address is not in Ehi:AllowIps.");
        _pinRefusals = _meter.CreateCounter<long>("ehi.pin.refusals", "{request}", "Requests refused because no certificate of the client chain matched a configured SPKI pin.");
        _proxyProtocolRefusals = _meter.CreateCounter<long>("ehi.proxy_protocol.refusals", "{connection}", "Connections refused before TLS with the PROXY protocol on: from a peer not in Ehi:ProxyProtocol:TrustedProxies, or without a valid header.");
        _chainCacheHits = _meter.CreateCounter<long>("ehi.tls.chain_cache.hits", "{handshake}", "Client certificate chains found judged already: same leaf, intermediates, trust and CRLs, within their validity; not built again.");
        _chainCacheMisses = _meter.CreateCounter<long>("ehi.tls.chain_cache.misses", "{handshake}", "Client certificate chains built and judged in full.");
        _meter.CreateObservableGauge("ehi.certificate.time_to_expiry", () => CertificateExpiry(material.Current, time.GetUtcNow()), "s", "Seconds until each served or trusted certificate expires (negative when expired).");
        _meter.CreateObservableGauge("ehi.crl.age", () => CrlAges(material.Current, downloaded, time.GetUtcNow()), "s", "Seconds since each CRL in use was issued (its thisUpdate).");
        _meter.CreateObservableGauge("ehi.crl.time_to_next_update", () => CrlNextUpdates(material.Current, downloaded, time.GetUtcNow()), "s", "Seconds until each CRL in use reaches its nextUpdate (negative when stale).");
    }

    /// <summary>Counts a request refused for its client certificate.</summary>
    public void CertificateRefused(ClientCertificateOutcome reason)
    {
        _certificateRefusals.Add(1, new KeyValuePair<string, object?>("ehi.refusal.reason", ReasonName(reason)));
        if (reason == ClientCertificateOutcome.PinMismatch)
        {
            _pinRefusals.Add(1);
        }
    }

    /// <summary>Counts a chain verdict taken from the cache.</summary>
    public void ChainCacheHit() => _chainCacheHits.Add(1);

    /// <summary>Counts a chain judged in full.</summary>
    public void ChainCacheMiss() => _chainCacheMisses.Add(1);

    /// <summary>Counts a connection refused by the allow list.</summary>
    public void AddressRefused() => _allowListRefusals.Add(1);

    /// <summary>Counts a connection refused by the PROXY protocol: <c>untrusted_peer</c> or <c>bad_header</c>.</summary>
    public void ProxyProtocolRefused(string reason) => _proxyProtocolRefusals.Add(1, new KeyValuePair<string, object?>("ehi.refusal.reason", reason));

    /// <summary>The stable snake_case name of a refusal reason, as it appears in metrics and on the status page.</summary>
    public static string ReasonName(ClientCertificateOutcome reason) => reason switch
    {
        ClientCertificateOutcome.NoCertificate => "no_certificate",
        ClientCertificateOutcome.NotYetValid => "not_yet_valid",
        ClientCertificateOutcome.WrongUsage => "wrong_usage",
        ClientCertificateOutcome.StaleCrl => "stale_crl",
        ClientCertificateOutcome.PinMismatch => "pin_mismatch",
        ClientCertificateOutcome.LeafIsCa => "leaf_is_ca",
        ClientCertificateOutcome.WeakSignature => "weak_signature",
        ClientCertificateOutcome.WeakKey => "weak_key",
        ClientCertificateOutcome.NotThroughIssuingCa => "not_through_issuing_ca",
        _ => reason.ToString().ToLowerInvariant(),
    };

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<double>> CertificateExpiry(TlsMaterial material, DateTimeOffset now)
    {
        yield return new Measurement<double>(
            (material.Server.Facts.NotAfter - now).TotalSeconds,
            new("ehi.certificate.role", "server"), new("ehi.certificate.subject", material.Server.Facts.Subject));
        foreach (var ca in material.Trust.AllCertificates)
        {
            yield return new Measurement<double>(
                (new DateTimeOffset(ca.NotAfter.ToUniversalTime(), TimeSpan.Zero) - now).TotalSeconds,
                new("ehi.certificate.role", "trusted_ca"), new("ehi.certificate.subject", ca.Subject));
        }
    }

    private static IEnumerable<Measurement<double>> CrlAges(TlsMaterial material, DownloadedCrls downloaded, DateTimeOffset now) =>
        CrlsInUse(material, downloaded).Select(c => new Measurement<double>((now - c.Crl.ThisUpdate).TotalSeconds, CrlTags(c)));

    private static IEnumerable<Measurement<double>> CrlNextUpdates(TlsMaterial material, DownloadedCrls downloaded, DateTimeOffset now) =>
        CrlsInUse(material, downloaded).Where(c => c.Crl.NextUpdate is not null).Select(c => new Measurement<double>((c.Crl.NextUpdate!.Value - now).TotalSeconds, CrlTags(c)));

    /// <summary>Every CRL the validator consults: the files and the latest download of each URL.</summary>
    public static IEnumerable<LoadedCrl> CrlsInUse(TlsMaterial material, DownloadedCrls downloaded) => material.CrlFiles.Concat(downloaded.Current);

    private static KeyValuePair<string, object?>[] CrlTags(LoadedCrl crl) =>
        [new("ehi.crl.issuer", crl.Crl.Issuer.Name), new("ehi.crl.source", crl.Source)];
}
