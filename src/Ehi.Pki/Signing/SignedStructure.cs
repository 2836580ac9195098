using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ehi.Pki.Signing;

/// <summary>The three parts of an X.509 signed structure (a certificate or a CRL): the signed
/// bytes, the signature algorithm and the signature (RFC 5280 §4.1.1 and §5.1.1).</summary>
public sealed class SignedStructure
{
    private SignedStructure(ReadOnlyMemory<byte> toBeSigned, string algorithmOid, ReadOnlyMemory<byte> algorithmParameters, byte[] signature)
    {
        ToBeSigned = toBeSigned;
        AlgorithmOid = algorithmOid;
        AlgorithmParameters = algorithmParameters;
        Signature = signature;
    }

    /// <summary>The DER bytes covered by the signature (tbsCertificate or tbsCertList).</summary>
    public ReadOnlyMemory<byte> ToBeSigned { get; }

    /// <summary>The signature algorithm's OID.</summary>
    public string AlgorithmOid { get; }

    /// <summary>The algorithm parameters' DER bytes (empty when absent).</summary>
    public ReadOnlyMemory<byte> AlgorithmParameters { get; }

    /// <summary>The signature value.</summary>
    public byte[] Signature { get; }

    /// <summary>Splits a DER-encoded certificate or CRL into its signed parts.</summary>
    /// <exception cref="AsnContentException">The bytes are not a signed structure.</exception>
    public static SignedStructure Parse(ReadOnlyMemory<byte> der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var tbs = outer.ReadEncodedValue();
        var algorithm = outer.ReadSequence();
        string oid = algorithm.ReadObjectIdentifier();
        var parameters = algorithm.HasData ? algorithm.ReadEncodedValue() : ReadOnlyMemory<byte>.Empty;
        byte[] signature = outer.ReadBitString(out _);
        return new SignedStructure(tbs, oid, parameters, signature);
    }

    /// <summary>Whether <paramref name="issuer"/>'s public key produced this signature.</summary>
    public bool IsSignedBy(X509Certificate2 issuer)
    {
        try
        {
            return AlgorithmOid switch
            {
                "1.2.840.10045.4.3.2" => VerifyEcdsa(issuer, HashAlgorithmName.SHA256),
                "1.2.840.10045.4.3.3" => VerifyEcdsa(issuer, HashAlgorithmName.SHA384),
                "1.2.840.10045.4.3.4" => VerifyEcdsa(issuer, HashAlgorithmName.SHA512),
                "1.2.840.113549.1.1.11" => VerifyRsa(issuer, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
                "1.2.840.113549.1.1.12" => VerifyRsa(issuer, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1),
                "1.2.840.113549.1.1.13" => VerifyRsa(issuer, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1),
                "1.2.840.113549.1.1.10" => VerifyRsa(issuer, PssHash(), RSASignaturePadding.Pss),
                _ => false,
            };
        }
        catch (Exception ex) when (ex is CryptographicException or AsnContentException)
        {
            return false;
        }
    }

    private bool VerifyEcdsa(X509Certificate2 issuer, HashAlgorithmName hash)
    {
        using var key = issuer.GetECDsaPublicKey();
        return key is not null && key.VerifyData(ToBeSigned.Span, Signature, hash, DSASignatureFormat.Rfc3279DerSequence);
    }

    private bool VerifyRsa(X509Certificate2 issuer, HashAlgorithmName hash, RSASignaturePadding padding)
    {
        using var key = issuer.GetRSAPublicKey();
        return key is not null && key.VerifyData(ToBeSigned.Span, Signature, hash, padding);
    }

    // RSASSA-PSS-params (RFC 4055 §3.1): hashAlgorithm [0] defaults to SHA-1. .NET verifies PSS
    // with the salt length equal to the hash length, which is what every CA in practice uses.
    private HashAlgorithmName PssHash()
    {
        if (AlgorithmParameters.IsEmpty)
        {
            return HashAlgorithmName.SHA1;
        }

        var parameters = new AsnReader(AlgorithmParameters, AsnEncodingRules.DER).ReadSequence();
        var tag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        if (!parameters.HasData || !parameters.PeekTag().HasSameClassAndValue(tag))
        {
            return HashAlgorithmName.SHA1;
        }

        string oid = parameters.ReadSequence(tag).ReadSequence().ReadObjectIdentifier();
        return oid switch
        {
            "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
            "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
            "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
            _ => HashAlgorithmName.SHA1,
        };
    }
}
