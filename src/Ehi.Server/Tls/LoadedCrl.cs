using System.Security.Cryptography.X509Certificates;
using Ehi.Pki.Revocation;

namespace Ehi.Server.Tls;

/// <summary>A CRL whose signature was verified against a trusted CA.</summary>
/// <param name="Crl">The CRL.</param>
/// <param name="Ca">The trusted CA that signed it.</param>
/// <param name="Source">The file or URL it came from.</param>
public sealed record LoadedCrl(CertificateRevocationList Crl, X509Certificate2 Ca, string Source)
{
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
