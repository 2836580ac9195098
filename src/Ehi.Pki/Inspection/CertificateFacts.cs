using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ehi.Pki.Inspection;

/// <summary>What a person checking a certificate wants to know, read once from the certificate.</summary>
/// <param name="Subject">The subject name.</param>
/// <param name="Issuer">The issuer name.</param>
/// <param name="SerialNumber">The serial number in hex.</param>
/// <param name="NotBefore">Start of validity (UTC).</param>
/// <param name="NotAfter">End of validity (UTC).</param>
/// <param name="DaysLeft">Whole days until <paramref name="NotAfter"/>; negative once expired.</param>
/// <param name="KeyType">"ECDSA" or "RSA" (or the OID's name).</param>
/// <param name="KeySize">Key size in bits (curve size for ECDSA).</param>
/// <param name="SignatureAlgorithm">The signature algorithm's name.</param>
/// <param name="SubjectAlternativeNames">DNS names and IP addresses.</param>
/// <param name="ExtendedKeyUsages">EKU names (serverAuth, clientAuth or OIDs).</param>
/// <param name="IsCertificateAuthority">Whether basic constraints say CA.</param>
/// <param name="SpkiSha256">The SPKI SHA-256 pin.</param>
/// <param name="Sha256Thumbprint">SHA-256 of the whole certificate, hex.</param>
public sealed record CertificateFacts(
    string Subject,
    string Issuer,
    string SerialNumber,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    int DaysLeft,
    string KeyType,
    int KeySize,
    string SignatureAlgorithm,
    IReadOnlyList<string> SubjectAlternativeNames,
    IReadOnlyList<string> ExtendedKeyUsages,
    bool IsCertificateAuthority,
    string SpkiSha256,
    string Sha256Thumbprint)
{
    /// <summary>The OID of the serverAuth EKU.</summary>
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>The OID of the clientAuth EKU.</summary>
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>Reads the facts of a certificate as of <paramref name="now"/>.</summary>
    public static CertificateFacts Read(X509Certificate2 certificate, DateTimeOffset now)
    {
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var (keyType, keySize) = KeyOf(certificate);
        return new CertificateFacts(
            certificate.Subject,
            certificate.Issuer,
            certificate.SerialNumber,
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            notAfter,
            (int)Math.Floor((notAfter - now).TotalDays),
            keyType,
            keySize,
            certificate.SignatureAlgorithm.FriendlyName ?? certificate.SignatureAlgorithm.Value ?? "unknown",
            SubjectAlternativeNamesOf(certificate),
            ExtendedKeyUsagesOf(certificate),
            certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault()?.CertificateAuthority ?? false,
            SpkiPin.Compute(certificate),
            Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)));
    }

    /// <summary>Whether the certificate may be used for <paramref name="ekuOid"/>: it has no EKU
    /// extension (any use) or lists the purpose (RFC 5280 §4.2.1.12).</summary>
    public static bool Allows(X509Certificate2 certificate, string ekuOid)
    {
        var eku = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (eku is null)
        {
            return true;
        }

        foreach (var oid in eku.EnhancedKeyUsages)
        {
            if (oid.Value == ekuOid || oid.Value == "2.5.29.37.0")
            {
                return true;
            }
        }

        return false;
    }

    private static (string Type, int Size) KeyOf(X509Certificate2 certificate)
    {
        using (var ec = certificate.GetECDsaPublicKey())
        {
            if (ec is not null)
            {
                return ("ECDSA", ec.KeySize);
            }
        }

        using (var rsa = certificate.GetRSAPublicKey())
        {
            if (rsa is not null)
            {
                return ("RSA", rsa.KeySize);
            }
        }

        return (certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value ?? "unknown", 0);
    }

    private static List<string> ExtendedKeyUsagesOf(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (var eku in certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>())
        {
            foreach (var oid in eku.EnhancedKeyUsages)
            {
                names.Add(oid.Value switch
                {
                    ServerAuthOid => "serverAuth",
                    ClientAuthOid => "clientAuth",
                    _ => oid.Value ?? "unknown",
                });
            }
        }

        return names;
    }

    private static List<string> SubjectAlternativeNamesOf(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (var san in certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>())
        {
            try
            {
                names.AddRange(san.EnumerateDnsNames().Select(n => "DNS:" + n));
                names.AddRange(san.EnumerateIPAddresses().Select(ip => "IP:" + ip));
            }
            catch (AsnContentException)
            {
                names.Add("(unreadable subjectAltName)");
            }
        }

        return names;
    }
}
