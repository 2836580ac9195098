using System.Security.Cryptography.X509Certificates;
using Ehi.Pki.Inspection;
using Ehi.Server.Configuration;

namespace Ehi.Server.Tls;

/// <summary>Decides whether a client certificate chain is acceptable: it builds to a configured
/// root (never the system store), every certificate is within validity, the leaf allows clientAuth,
/// no certificate is on its CA's CRL, and, when pins are set, one certificate matches a pin.</summary>
public sealed class ClientCertificateValidator
{
    private readonly DownloadedCrls _downloaded;
    private readonly TimeProvider _time;
    private readonly StaleCrlPolicy _stalePolicy;

    /// <summary>Creates the validator.</summary>
    public ClientCertificateValidator(DownloadedCrls downloaded, TimeProvider time, StaleCrlPolicy stalePolicy)
    {
        _downloaded = downloaded;
        _time = time;
        _stalePolicy = stalePolicy;
    }

    /// <summary>Validates <paramref name="leaf"/> with a chain already built by the TLS layer, if
    /// it was built under <paramref name="material"/>'s policy; otherwise builds one.</summary>
    public ClientCertificateVerdict Validate(X509Certificate2? leaf, X509Chain? builtChain, TlsMaterial material)
    {
        if (leaf is null)
        {
            return ClientCertificateVerdict.None;
        }

        if (builtChain is not null && builtChain.ChainElements.Count > 0 && builtChain.ChainPolicy.TrustMode == X509ChainTrustMode.CustomRootTrust)
        {
            return Judge(leaf, builtChain, material);
        }

        using var chain = new X509Chain { ChainPolicy = material.ChainPolicy.Clone() };
        if (builtChain is not null)
        {
            // Keep the intermediates the client sent.
            chain.ChainPolicy.ExtraStore.AddRange(builtChain.ChainPolicy.ExtraStore);
        }

        chain.Build(leaf);
        return Judge(leaf, chain, material);
    }

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

        string? warning = null;
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

                    warning = stale + "; accepted because Ehi:Tls:StaleCrl is Warn";
                }
            }
        }

        if (material.Pins.Count > 0 && !elements.Any(e => material.Pins.Contains(SpkiPin.Compute(e))))
        {
            return ClientCertificateVerdict.For(leaf, ClientCertificateOutcome.PinMismatch, "no certificate of the chain matches a configured SPKI pin");
        }

        return ClientCertificateVerdict.For(leaf, ClientCertificateOutcome.Accepted, "valid") with { Warning = warning };
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
