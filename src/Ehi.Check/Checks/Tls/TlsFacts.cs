using Ehi.Check.Handshake;

namespace Ehi.Check.Checks.Tls;

/// <summary>What the protocol probes measured, for the findings and for grading.</summary>
/// <param name="Versions">Each probed version and whether the server accepted it.</param>
/// <param name="Tls12Suites">TLS 1.2 suites accepted, in the order the server picked them.</param>
/// <param name="Tls13Suites">TLS 1.3 suites accepted.</param>
/// <param name="ServerOrder">The server picks by its own preference (null when not decidable).</param>
/// <param name="SecureRenegotiation">renegotiation_info answered (RFC 5746).</param>
/// <param name="Compression">The server chose a compression method.</param>
/// <param name="Groups">TLS 1.3 key exchange groups accepted, each offered alone.</param>
/// <param name="OcspStapling">Asked for status_request in TLS 1.2, the server promised a stapled OCSP response.</param>
public sealed record TlsFacts(IReadOnlyDictionary<TlsVersion, bool> Versions, IReadOnlyList<CipherSuiteInfo> Tls12Suites, IReadOnlyList<CipherSuiteInfo> Tls13Suites, bool? ServerOrder, bool SecureRenegotiation, bool Compression, IReadOnlyList<ushort>? Groups = null, bool OcspStapling = false)
{
    /// <summary>Measures a server with crafted ClientHellos (one connection per probe).</summary>
    public static async Task<TlsFacts> MeasureAsync(TlsProber prober, CancellationToken cancellationToken)
    {
        var versions = new Dictionary<TlsVersion, bool>();
        bool secureRenegotiation = false;
        foreach (var version in new[] { TlsVersion.Ssl30, TlsVersion.Tls10, TlsVersion.Tls11, TlsVersion.Tls12, TlsVersion.Tls13 })
        {
            var result = await prober.ProbeVersionAsync(version, cancellationToken).ConfigureAwait(false);
            versions[version] = result.IsAccepted && result.Version == version;
            if (version == TlsVersion.Tls12 && versions[version])
            {
                secureRenegotiation = result.SecureRenegotiation;
            }
        }

        var tls12 = versions[TlsVersion.Tls12] ? await prober.EnumerateAsync(TlsVersion.Tls12, cancellationToken).ConfigureAwait(false) : [];
        var tls13 = versions[TlsVersion.Tls13] ? await prober.EnumerateAsync(TlsVersion.Tls13, cancellationToken).ConfigureAwait(false) : [];
        bool? order = await prober.EnforcesOwnOrderAsync(TlsVersion.Tls12, tls12, cancellationToken).ConfigureAwait(false);
        bool compression = false;
        if (tls12.Count > 0)
        {
            var compressed = await prober.ProbeAsync(TlsVersion.Tls12, [tls12[0].Id], offerCompression: true, cancellationToken).ConfigureAwait(false);
            compression = compressed.IsAccepted && compressed.Compression != 0;
        }

        // Stapling is only visible in the ServerHello in TLS 1.2; in 1.3 it travels in the encrypted Certificate.
        bool ocsp = false;
        if (tls12.Count > 0)
        {
            var stapled = await prober.ProbeAsync(TlsVersion.Tls12, [tls12[0].Id], false, cancellationToken, requestOcsp: true).ConfigureAwait(false);
            ocsp = stapled.IsAccepted && stapled.OcspStapling;
        }

        var groups = versions[TlsVersion.Tls13] ? await prober.EnumerateGroupsAsync(cancellationToken).ConfigureAwait(false) : [];
        return new TlsFacts(versions, tls12, tls13, order, secureRenegotiation, compression, groups, ocsp);
    }
}
