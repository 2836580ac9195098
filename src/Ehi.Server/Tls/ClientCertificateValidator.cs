using System.Security.Cryptography.X509Certificates;
using Ehi.Pki.Inspection;
using Ehi.Server.Configuration;
using Ehi.Server.Telemetry;

namespace Ehi.Server.Tls;

/// <summary>Decides whether a client certificate chain is acceptable: it builds to a configured
/// root (never the system store), through a configured issuing CA when the trust names one, every
/// certificate is within validity, signatures and keys are strong (OpenSSL security level 2), the
/// leaf is not a CA and allows clientAuth and digitalSignature, no certificate is on its CA's CRL,
/// and, when pins are set, one certificate matches a pin. An acceptance is remembered
/// (<see cref="ChainVerdictCache"/>) for the same chain under the same trust and CRLs while nothing
/// in it can expire, so a transport certificate presented on every connection is judged once.</summary>
public sealed class ClientCertificateValidator
{
    private readonly DownloadedCrls _downloaded;
    private readonly TimeProvider _time;
    private readonly StaleCrlPolicy _stalePolicy;
    private readonly WeakCertificatePolicy _weakPolicy;
    private readonly bool _requireIssuingCa;
    private readonly ChainVerdictCache _cache = new();
    private readonly ServerMetrics? _metrics;
    private long _cacheHits;
    private long _cacheMisses;

    /// <summary>Creates the validator.</summary>
    public ClientCertificateValidator(DownloadedCrls downloaded, TimeProvider time, TlsOptions options, ServerMetrics? metrics = null)
    {
        _metrics = metrics;
        _downloaded = downloaded;
        _time = time;
        _stalePolicy = options.StaleCrl;
        _weakPolicy = options.WeakCertificates;
        _requireIssuingCa = options.RequireIssuingCa;
    }

    /// <summary>Changes whenever the material or a downloaded CRL changes; a verdict reached under
    /// another version is judged again before the connection's next request.</summary>
    public long CrlVersion => _downloaded.Version;

    /// <summary>Chains found judged already (same leaf, intermediates, material, CRLs, within their validity).</summary>
    public long CacheHits => Interlocked.Read(ref _cacheHits);

    /// <summary>Chains judged in full.</summary>
    public long CacheMisses => Interlocked.Read(ref _cacheMisses);

    /// <summary>Validates <paramref name="leaf"/> with the certificates the client sent (the extra store
    /// of the TLS layer's <paramref name="builtChain"/>, whose own verdict is not used): from the cache,
    /// or by building and judging the chain under <paramref name="material"/>'s policy.</summary>
    public ClientCertificateVerdict Validate(X509Certificate2? leaf, X509Chain? builtChain, TlsMaterial material) =>
        Validate(leaf, builtChain, material, []);

    /// <summary>Validates <paramref name="leaf"/> again, with the intermediates its client sent, under new material.</summary>
    public ClientCertificateVerdict Revalidate(X509Certificate2? leaf, X509Certificate2Collection sent, TlsMaterial material) =>
        Validate(leaf, null, material, sent);

    /// <summary>Runs every check of an accepting judgement on the server's own warm-up certificate
    /// (refused at its anchor, so the checks after that would otherwise stay cold until the first real
    /// client): the accepting path is compiled before ready. The results are discarded.</summary>
    internal void Rehearse(X509Certificate2 leaf, X509Chain? chain, TlsMaterial material)
    {
        X509Certificate2[] elements = chain is { ChainElements.Count: > 0 } ? [.. chain.ChainElements.Select(e => e.Certificate)] : [leaf];
        var now = _time.GetUtcNow();
        _ = TimeProblem(leaf, elements, now);
        _ = CertificateFacts.Allows(leaf, CertificateFacts.ClientAuthOid);
        _ = UsageProblem(leaf);
        // Every element judged, the last too: the warm-up's chain is its leaf alone.
        _ = ChainStrength.WeakSignature(elements, lastIsAnchor: false);
        _ = ChainStrength.WeakKey(elements);
        _ = ThroughIssuingCa([leaf, .. material.Trust.AllCertificates], material.Trust);
        foreach (var ca in material.Trust.AllCertificates)
        {
            foreach (var crl in CrlsOf(ca, material))
            {
                _ = crl.Crl.Revokes(leaf) || crl.Crl.IsStale(now);
            }
        }

        _ = SpkiPin.Compute(leaf);
        var accepted = ClientCertificateVerdict.For(leaf, ClientCertificateOutcome.Accepted, "rehearsal");
        _ = accepted with { Warning = "rehearsal" };

        // Remembering an acceptance, in a cache of its own (the real one keeps only real clients).
        var scratch = new ChainVerdictCache();
        var key = ChainVerdictCache.KeyOf(leaf, []);
        var (validFrom, validUntil) = Window(elements, material);
        scratch.Add(key, accepted, material, 0, validFrom, validUntil);
        _ = scratch.Find(key, material, 0, now);
    }

    private ClientCertificateVerdict Validate(X509Certificate2? leaf, X509Chain? builtChain, TlsMaterial material, X509Certificate2Collection sent)
    {
        if (leaf is null)
        {
            return ClientCertificateVerdict.None;
        }

        // The version is read before judging: a CRL that arrives meanwhile makes this entry a miss.
        long crlVersion = _downloaded.Version;
        var key = ChainVerdictCache.KeyOf(leaf, builtChain is null ? sent : [.. builtChain.ChainPolicy.ExtraStore, .. sent]);
        if (_cache.Find(key, material, crlVersion, _time.GetUtcNow()) is { } known)
        {
            Interlocked.Increment(ref _cacheHits);
            _metrics?.ChainCacheHit();
            return known;
        }

        Interlocked.Increment(ref _cacheMisses);
        _metrics?.ChainCacheMiss();
        using var chain = new X509Chain { ChainPolicy = material.ChainPolicy.Clone() };
        if (builtChain is not null)
        {
            // Keep the intermediates the client sent.
            chain.ChainPolicy.ExtraStore.AddRange(builtChain.ChainPolicy.ExtraStore);
        }

        chain.ChainPolicy.ExtraStore.AddRange(sent);

        chain.Build(leaf);
        return Remember(key, leaf, chain, material, crlVersion);
    }

    // Judges the chain and keeps a clean acceptance for as long as nothing it rests on can change by
    // time alone: every certificate within its dates, every CRL consulted before its nextUpdate.
    private ClientCertificateVerdict Remember(ChainVerdictCache.Key key, X509Certificate2 leaf, X509Chain chain, TlsMaterial material, long crlVersion)
    {
        var verdict = Judge(leaf, chain, material);
        if (verdict.Outcome != ClientCertificateOutcome.Accepted || verdict.Warning is not null)
        {
            return verdict;
        }

        var (validFrom, validUntil) = Window([.. chain.ChainElements.Select(e => e.Certificate)], material);
        _cache.Add(key, verdict, material, crlVersion, validFrom, validUntil);
        return verdict;
    }

    // When an acceptance of this chain holds: every certificate within its dates, every CRL of a CA in
    // it (the leaf issues none) before its nextUpdate.
    private (DateTimeOffset From, DateTimeOffset Until) Window(X509Certificate2[] elements, TlsMaterial material)
    {
        var from = DateTimeOffset.MinValue;
        var until = DateTimeOffset.MaxValue;
        for (int i = 0; i < elements.Length; i++)
        {
            from = Max(from, new DateTimeOffset(elements[i].NotBefore.ToUniversalTime(), TimeSpan.Zero));
            until = Min(until, new DateTimeOffset(elements[i].NotAfter.ToUniversalTime(), TimeSpan.Zero));
            if (i > 0)
            {
                foreach (var crl in CrlsOf(elements[i], material))
                {
                    until = crl.Crl.NextUpdate is { } next ? Min(until, next) : until;
                }
            }
        }

        return (from, until);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private ClientCertificateVerdict Judge(X509Certificate2 leaf, X509Chain chain, TlsMaterial material)
    {
        var now = _time.GetUtcNow();
        var elements = new X509Certificate2[chain.ChainElements.Count];
        for (int i = 0; i < elements.Length; i++)
        {
            elements[i] = chain.ChainElements[i].Certificate;
        }

        if (TimeProblem(leaf, elements, now) is { } timeVerdict)
        {
            return timeVerdict;
        }

        if (!CertificateFacts.Allows(leaf, CertificateFacts.ClientAuthOid))
        {
            return ClientCertificateVerdict.For(leaf, ClientCertificateOutcome.WrongUsage, "the certificate's extended key usage does not allow clientAuth");
        }

        var anchor = elements[^1];
        bool anchored = material.Trust.Roots.Any(r => r.RawDataMemory.Span.SequenceEqual(anchor.RawDataMemory.Span));
        var flags = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        const X509ChainStatusFlags ignored = X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation;
        if (!anchored || (flags & ~ignored) != X509ChainStatusFlags.NoError)
        {
            string why = elements.Length == 1 && leaf.SubjectName.RawData.AsSpan().SequenceEqual(leaf.IssuerName.RawData)
                ? "the certificate is self-signed"
                : (flags & X509ChainStatusFlags.NotSignatureValid) != 0
                    ? $"the signature of a certificate in the chain does not verify under the trusted CA named {leaf.Issuer}"
                    : $"the chain does not build to a configured root ({Describe(flags)})";
            return ClientCertificateVerdict.For(leaf, ClientCertificateOutcome.Untrusted, why);
        }

        if (UsageProblem(leaf) is { } usageVerdict)
        {
            return usageVerdict;
        }

        string? warning = null;
        if ((ChainStrength.WeakSignature(elements, lastIsAnchor: true) is { } weakSignature ? (ClientCertificateOutcome.WeakSignature, weakSignature) :
             ChainStrength.WeakKey(elements) is { } weakKey ? (ClientCertificateOutcome.WeakKey, weakKey) : default((ClientCertificateOutcome, string)?)) is var (weakOutcome, weakness))
        {
            if (_weakPolicy == WeakCertificatePolicy.Refuse)
            {
                return ClientCertificateVerdict.For(leaf, weakOutcome, weakness);
            }

            warning = weakness + "; accepted because Ehi:Tls:WeakCertificates is Warn";
        }

        if (_requireIssuingCa && material.Trust.Intermediates.Count > 0 && !ThroughIssuingCa(elements, material.Trust))
        {
            return ClientCertificateVerdict.For(leaf, ClientCertificateOutcome.NotThroughIssuingCa,
                $"the chain ({string.Join(" <- ", elements.Reverse().Select(e => e.Subject))}) does not run through a configured issuing CA ({string.Join("; ", material.Trust.Intermediates.Select(c => c.Subject))}); set Ehi:Tls:RequireIssuingCa to false to accept any chain under the root");
        }

        for (int i = 0; i < elements.Length - 1; i++)
        {
            var issuer = elements[i + 1];
            foreach (var crl in CrlsOf(issuer, material))
            {
                if (crl.Crl.Revokes(elements[i]))
                {
                    return ClientCertificateVerdict.For(leaf, ClientCertificateOutcome.Revoked, $"{elements[i].Subject} (serial {elements[i].SerialNumber}) is revoked by the CRL {crl.Source}");
                }

                if (crl.Crl.IsStale(now))
                {
                    string stale = $"the CRL {crl.Source} of {issuer.Subject} is stale since {crl.Crl.NextUpdate:yyyy-MM-dd HH:mm} UTC";
                    if (_stalePolicy == StaleCrlPolicy.Refuse)
                    {
                        return ClientCertificateVerdict.For(leaf, ClientCertificateOutcome.StaleCrl, stale);
                    }

                    warning = (warning is null ? string.Empty : warning + "; ") + stale + "; accepted because Ehi:Tls:StaleCrl is Warn";
                }
            }
        }

        if (material.Pins.Count > 0 && !elements.Any(e => material.Pins.Contains(SpkiPin.Compute(e))))
        {
            return ClientCertificateVerdict.For(leaf, ClientCertificateOutcome.PinMismatch, "no certificate of the chain matches a configured SPKI pin");
        }

        return ClientCertificateVerdict.For(leaf, ClientCertificateOutcome.Accepted, "valid") with { Warning = warning };
    }

    // A transport certificate is an end entity that signs the handshake: CA:TRUE or a keyUsage
    // without digitalSignature (e.g. keyCertSign only) is a certificate made for something else.
    private static ClientCertificateVerdict? UsageProblem(X509Certificate2 leaf)
    {
        foreach (var extension in leaf.Extensions)
        {
            if (extension is X509BasicConstraintsExtension { CertificateAuthority: true })
            {
                return ClientCertificateVerdict.For(leaf, ClientCertificateOutcome.LeafIsCa, "the client certificate is a CA certificate (basic constraints CA:TRUE); a transport certificate must be an end entity");
            }

            if (extension is X509KeyUsageExtension usage && (usage.KeyUsages & X509KeyUsageFlags.DigitalSignature) == 0)
            {
                return ClientCertificateVerdict.For(leaf, ClientCertificateOutcome.WrongUsage, $"the certificate's key usage ({usage.KeyUsages}) does not allow digitalSignature");
            }
        }

        return null;
    }

    private static bool ThroughIssuingCa(X509Certificate2[] elements, ClientTrust trust)
    {
        for (int i = 1; i < elements.Length - 1; i++)
        {
            foreach (var intermediate in trust.Intermediates)
            {
                if (intermediate.RawDataMemory.Span.SequenceEqual(elements[i].RawDataMemory.Span))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private IEnumerable<LoadedCrl> CrlsOf(X509Certificate2 ca, TlsMaterial material)
    {
        foreach (var crl in material.CrlFiles)
        {
            if (crl.Ca.RawDataMemory.Span.SequenceEqual(ca.RawDataMemory.Span))
            {
                yield return crl;
            }
        }

        foreach (var crl in _downloaded.Current)
        {
            if (crl.Ca.RawDataMemory.Span.SequenceEqual(ca.RawDataMemory.Span))
            {
                yield return crl;
            }
        }
    }

    private static ClientCertificateVerdict? TimeProblem(X509Certificate2 leaf, X509Certificate2[] elements, DateTimeOffset now)
    {
        foreach (var element in elements)
        {
            if (element.NotAfter.ToUniversalTime() < now.UtcDateTime)
            {
                return ClientCertificateVerdict.For(leaf, ClientCertificateOutcome.Expired, $"{element.Subject} expired on {element.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC");
            }

            if (element.NotBefore.ToUniversalTime() > now.UtcDateTime)
            {
                return ClientCertificateVerdict.For(leaf, ClientCertificateOutcome.NotYetValid, $"{element.Subject} is not valid before {element.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} UTC");
            }
        }

        return null;
    }

    private static string Describe(X509ChainStatusFlags flags) => flags == X509ChainStatusFlags.NoError ? "the root is not a configured CA" : flags.ToString();
}
