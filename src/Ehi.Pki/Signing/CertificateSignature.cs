using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Ehi.Pki.Signing;

/// <summary>Whether one certificate issued another: names match and the signature verifies.</summary>
public static class CertificateSignature
{
    /// <summary>True when <paramref name="issuer"/>'s subject is <paramref name="subject"/>'s issuer
    /// and its key verifies <paramref name="subject"/>'s signature. A look-alike CA that copies the
    /// names but holds another key fails here.</summary>
    public static bool IsIssuedBy(X509Certificate2 subject, X509Certificate2 issuer)
    {
        if (!subject.IssuerName.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData))
        {
            return false;
        }

        try
        {
            return SignedStructure.Parse(subject.RawDataMemory).IsSignedBy(issuer);
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>True for a certificate whose issuer is itself (a root).</summary>
    public static bool IsSelfSigned(X509Certificate2 certificate) => IsIssuedBy(certificate, certificate);
}
