using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ehi.Pki.Authority;

/// <summary>A certificate authority held in memory: a CA certificate with its private key that
/// issues CA certificates, end-entity certificates and CRLs.</summary>
/// <remarks>Not a real PKI. It serves the dev PKI, the tests and the checker's hostile certificates;
/// whoever holds its key can mint certificates the configured trust accepts.</remarks>
public sealed class CertificateAuthority : IDisposable
{
    /// <summary>Wraps a CA certificate that carries its private key.</summary>
    public CertificateAuthority(X509Certificate2 certificateWithKey)
    {
        if (!certificateWithKey.HasPrivateKey)
        {
            throw new ArgumentException("A CA needs its private key.", nameof(certificateWithKey));
        }

        Certificate = certificateWithKey;
    }

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Creates a self-signed root CA.</summary>
    public static CertificateAuthority CreateRoot(string subject, KeyKind kind, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = KeyKinds.Generate(kind);
        var request = KeyKinds.Request(new X500DistinguishedName(subject), key);
        AddCaExtensions(request, pathLength: 1);
        using var self = request.CreateSelfSigned(notBefore, notAfter);
        // Re-import so the key is usable for signing on every platform.
        return new CertificateAuthority(X509CertificateLoader.LoadPkcs12(self.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable));
    }

    /// <summary>Issues a subordinate CA (path length 0: it may issue only end-entity certificates).</summary>
    public CertificateAuthority CreateIntermediate(string subject, KeyKind kind, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var key = KeyKinds.Generate(kind);
        var request = KeyKinds.Request(new X500DistinguishedName(subject), key);
        AddCaExtensions(request, pathLength: 0);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        using var issued = Sign(request, notBefore, Clamp(notAfter));
        return new CertificateAuthority(KeyKinds.WithKey(issued, key));
    }

    /// <summary>Issues an end-entity certificate; the result carries its new private key.</summary>
    public X509Certificate2 Issue(LeafProfile profile)
    {
        var key = KeyKinds.Generate(profile.Key);
        var request = KeyKinds.Request(new X500DistinguishedName(profile.Subject), key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var usage = X509KeyUsageFlags.DigitalSignature | (key is RSA ? X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.None);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        if (profile.ExtendedKeyUsages.Count > 0)
        {
            var oids = new OidCollection();
            foreach (string oid in profile.ExtendedKeyUsages)
            {
                oids.Add(new Oid(oid));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        }

        if (profile.DnsNames.Count > 0 || profile.IpAddresses.Count > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (string dns in profile.DnsNames)
            {
                san.AddDnsName(dns);
            }

            foreach (var ip in profile.IpAddresses)
            {
                san.AddIpAddress(ip);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        if (profile.CrlDistributionPoint is { } cdp)
        {
            request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([cdp]));
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        using var issued = Sign(request, profile.NotBefore, Clamp(profile.NotAfter));
        return KeyKinds.WithKey(issued, key);
    }

    /// <summary>Issues a CRL revoking <paramref name="revoked"/>, DER encoded.</summary>
    public byte[] IssueCrl(IEnumerable<X509Certificate2> revoked, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, BigInteger crlNumber)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var certificate in revoked)
        {
            builder.AddEntry(certificate, thisUpdate, X509RevocationReason.KeyCompromise);
        }

        return builder.Build(Certificate, crlNumber, nextUpdate, HashAlgorithmName.SHA256, Certificate.GetRSAPrivateKey() is null ? null : RSASignaturePadding.Pkcs1, thisUpdate);
    }

    /// <inheritdoc />
    public void Dispose() => Certificate.Dispose();

    // A signature generator from the CA's own key lets an RSA CA issue ECDSA certificates and back.
    private X509Certificate2 Sign(CertificateRequest request, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        X509SignatureGenerator generator = Certificate.GetECDsaPrivateKey() is { } ec
            ? X509SignatureGenerator.CreateForECDsa(ec)
            : X509SignatureGenerator.CreateForRSA(Certificate.GetRSAPrivateKey()!, RSASignaturePadding.Pkcs1);
        return request.Create(Certificate.SubjectName, generator, notBefore, notAfter, NewSerial());
    }

    private static void AddCaExtensions(CertificateRequest request, int pathLength)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, pathLength, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
    }

    // An issued certificate may not outlive its issuer (CertificateRequest.Create enforces it).
    private DateTimeOffset Clamp(DateTimeOffset notAfter) =>
        notAfter > Certificate.NotAfter ? new DateTimeOffset(Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero) : notAfter;

    private static byte[] NewSerial()
    {
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive, as RFC 5280 §4.1.2.2 requires
        serial[0] |= 0x01; // and no leading zero byte to strip
        return serial;
    }
}
