using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ehi.Pki.Inspection;

/// <summary>The SPKI SHA-256 pin (RFC 7469 §2.4): base64 of the SHA-256 of the DER
/// SubjectPublicKeyInfo. It survives re-issuance with the same key, which is why pinning uses it.</summary>
public static class SpkiPin
{
    /// <summary>Computes the pin of a certificate's public key.</summary>
    public static string Compute(X509Certificate2 certificate) =>
        Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));

    /// <summary>Whether the text is a well-formed pin: base64 of exactly 32 bytes.</summary>
    public static bool IsWellFormed(string pin)
    {
        Span<byte> buffer = stackalloc byte[33];
        return Convert.TryFromBase64String(pin, buffer, out int written) && written == 32;
    }
}
