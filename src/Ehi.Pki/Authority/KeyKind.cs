using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ehi.Pki.Authority;

/// <summary>The key algorithms ehi generates.</summary>
public enum KeyKind
{
    /// <summary>ECDSA on NIST P-256 (the default: fast handshakes, accepted everywhere).</summary>
    EcdsaP256,

    /// <summary>RSA 2048 bits, for peers or CAs that still require RSA.</summary>
    Rsa2048,
}

/// <summary>Key generation and certificate requests for a <see cref="KeyKind"/>.</summary>
public static class KeyKinds
{
    /// <summary>Generates a new key pair.</summary>
    public static AsymmetricAlgorithm Generate(KeyKind kind) => kind switch
    {
        KeyKind.Rsa2048 => RSA.Create(2048),
        _ => ECDsa.Create(ECCurve.NamedCurves.nistP256),
    };

    /// <summary>A certificate request for <paramref name="subject"/> signed with SHA-256.</summary>
    public static CertificateRequest Request(X500DistinguishedName subject, AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        ECDsa ec => new CertificateRequest(subject, ec, HashAlgorithmName.SHA256),
        _ => throw new ArgumentException("Only ECDSA and RSA keys are supported.", nameof(key)),
    };

    /// <summary>Pairs a certificate with its private key.</summary>
    public static X509Certificate2 WithKey(X509Certificate2 certificate, AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => certificate.CopyWithPrivateKey(rsa),
        ECDsa ec => certificate.CopyWithPrivateKey(ec),
        _ => throw new ArgumentException("Only ECDSA and RSA keys are supported.", nameof(key)),
    };

    /// <summary>The private key of a certificate that has one.</summary>
    public static AsymmetricAlgorithm PrivateKeyOf(X509Certificate2 certificate) =>
        (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
        ?? throw new ArgumentException("The certificate has no private key.", nameof(certificate));
}
