using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ehi.Pki.Authority;
using Ehi.Pki.Inspection;

namespace Ehi.Testing;

/// <summary>Mints the client certificates an attacker (or a careless processor) would present: weak
/// digests (MD5, SHA-1), small keys (RSA 512/1024, EC 224), wrong key usage, CA:TRUE leaves, chains
/// through other intermediates. The product's PKI refuses to make these; tests make them here.</summary>
public static class HostileCertificates
{
    /// <summary>What to put in a hostile certificate.</summary>
    public sealed record Spec(string Subject)
    {
        public AsymmetricAlgorithm? Key { get; init; }

        /// <summary>"MD5", "SHA1" or "SHA256": the digest of the issuer's signature.</summary>
        public string Digest { get; init; } = "SHA256";

        public bool IsCa { get; init; }

        public X509KeyUsageFlags? KeyUsage { get; init; } = X509KeyUsageFlags.DigitalSignature;

        public bool ClientAuth { get; init; } = true;
    }

    /// <summary>Issues a certificate from <paramref name="issuer"/> per <paramref name="spec"/>; it carries its private key.</summary>
    public static X509Certificate2 Issue(CertificateAuthority issuer, Spec spec)
    {
        var key = spec.Key ?? ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicKey = key switch
        {
            RSA rsa => PublicKey.CreateFromSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo(), out _),
            ECDsa ec => PublicKey.CreateFromSubjectPublicKeyInfo(ec.ExportSubjectPublicKeyInfo(), out _),
            _ => throw new ArgumentException("RSA or ECDSA only"),
        };
        var request = new CertificateRequest(new X500DistinguishedName(spec.Subject), publicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(spec.IsCa, spec.IsCa, 0, true));
        if (spec.KeyUsage is { } usage)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        }

        if (spec.ClientAuth)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(CertificateFacts.ClientAuthOid)], false));
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer.Certificate, true, false));
        var now = DateTimeOffset.UtcNow;
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        using var issued = request.Create(issuer.Certificate.SubjectName, GeneratorFor(issuer.Certificate, spec.Digest), now.AddDays(-1), now.AddDays(30), serial);
        return key switch
        {
            RSA rsa => issued.CopyWithPrivateKey(rsa),
            ECDsa ec => issued.CopyWithPrivateKey(ec),
            _ => throw new ArgumentException("RSA or ECDSA only"),
        };
    }

    /// <summary>Wraps a CA certificate carrying its key as an issuing authority.</summary>
    public static CertificateAuthority AsAuthority(X509Certificate2 certificateWithKey) =>
        new(X509CertificateLoader.LoadPkcs12(certificateWithKey.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable));

    /// <summary>An RSA key of <paramref name="bits"/> bits (512 and 1024 included).</summary>
    public static RSA Rsa(int bits) => RSA.Create(bits);

    /// <summary>An EC key on NIST P-224 (224 bits: under the 256 required).</summary>
    public static ECDsa EcP224() => ECDsa.Create(ECCurve.CreateFromFriendlyName("secp224r1"));

    private static X509SignatureGenerator GeneratorFor(X509Certificate2 issuer, string digest)
    {
        var ec = issuer.GetECDsaPrivateKey();
        var rsa = ec is null ? issuer.GetRSAPrivateKey() : null;
        if (digest == "SHA256")
        {
            return ec is not null ? X509SignatureGenerator.CreateForECDsa(ec) : X509SignatureGenerator.CreateForRSA(rsa!, RSASignaturePadding.Pkcs1);
        }

        return new WeakDigest(rsa, ec, digest);
    }

    // .NET no longer signs certificates with MD5 or SHA-1; an attacker's tools still do.
    private sealed class WeakDigest(RSA? rsa, ECDsa? ec, string digest) : X509SignatureGenerator
    {
        private HashAlgorithmName Hash => digest == "MD5" ? HashAlgorithmName.MD5 : HashAlgorithmName.SHA1;

        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                if (ec is not null)
                {
                    writer.WriteObjectIdentifier("1.2.840.10045.4.1");
                }
                else
                {
                    writer.WriteObjectIdentifier(digest == "MD5" ? "1.2.840.113549.1.1.4" : "1.2.840.113549.1.1.5");
                    writer.WriteNull();
                }
            }

            return writer.Encode();
        }

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => ec is not null
            ? ec.SignData(data, Hash, DSASignatureFormat.Rfc3279DerSequence)
            : rsa!.SignData(data, Hash, RSASignaturePadding.Pkcs1);

        protected override PublicKey BuildPublicKey() => ec is not null
            ? PublicKey.CreateFromSubjectPublicKeyInfo(ec.ExportSubjectPublicKeyInfo(), out _)
            : PublicKey.CreateFromSubjectPublicKeyInfo(rsa!.ExportSubjectPublicKeyInfo(), out _);
    }
}
