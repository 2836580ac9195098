using System.Security.Cryptography.X509Certificates;
using Ehi.Pki.Revocation;

namespace Ehi.Server.Tls;

/// <summary>A CRL whose signature was verified against a trusted CA.</summary>
/// <param name="Crl">The CRL.</param>
/// <param name="Ca">The trusted CA that signed it.</param>
/// <param name="Source">The file or URL it came from.</param>
public sealed record LoadedCrl(CertificateRevocationList Crl, X509Certificate2 Ca, string Source)
{
    /// <summary>Verifies a CRL against the trust (signature and name, so by key) and its dates, and
    /// pairs it with its CA. A CRL issued in the future is refused: it is either forged or from a
    /// CA whose clock is wrong, and using it could hide a later revocation.</summary>
    /// <returns>The loaded CRL, or null with a problem.</returns>
    public static LoadedCrl? Check(CertificateRevocationList crl, ClientTrust trust, string source, DateTimeOffset now, out string? problem)
    {
        if (Match(crl, trust, source, out problem) is not { } loaded)
        {
            return null;
        }

        if (crl.IsFromTheFuture(now))
        {
            problem = $"The CRL {source} of {crl.Issuer.Name} has thisUpdate {crl.ThisUpdate:yyyy-MM-dd HH:mm} UTC, in the future; it is not used (check the CA's and this host's clocks).";
            return null;
        }

        return loaded;
    }

    /// <summary>How the <paramref name="index"/>th CRL of a file or URL holding <paramref name="count"/> is named in logs.</summary>
    public static string SourceOf(string fileOrUrl, int index, int count) => count == 1 ? fileOrUrl : $"{fileOrUrl} (CRL {index + 1} of {count})";

    /// <summary>Verifies a CRL against the trust and pairs it with its CA.</summary>
    /// <returns>The loaded CRL, or null with a problem when no trusted CA signed it.</returns>
    public static LoadedCrl? Match(CertificateRevocationList crl, ClientTrust trust, string source, out string? problem)
    {
        foreach (var ca in trust.AllCertificates)
        {
            if (crl.IsSignedBy(ca))
            {
                problem = null;
                return new LoadedCrl(crl, ca, source);
            }
        }

        problem = $"The CRL {source} (issuer {crl.Issuer.Name}) is not signed by any trusted CA; give the CRL of the processor's root or issuing CA.";
        return null;
    }
}
