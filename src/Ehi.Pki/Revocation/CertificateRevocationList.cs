using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ehi.Pki.Signing;

namespace Ehi.Pki.Revocation;

/// <summary>A parsed X.509 CRL (RFC 5280 §5): who issued it, when it is current, which serials it
/// revokes. The signature is checked against the issuing CA with <see cref="IsSignedBy"/>.</summary>
public sealed class CertificateRevocationList
{
    private readonly HashSet<BigInteger> _revoked;
    private readonly SignedStructure _signed;

    private CertificateRevocationList(SignedStructure signed, X500DistinguishedName issuer, DateTimeOffset thisUpdate, DateTimeOffset? nextUpdate, HashSet<BigInteger> revoked)
    {
        _signed = signed;
        Issuer = issuer;
        ThisUpdate = thisUpdate;
        NextUpdate = nextUpdate;
        _revoked = revoked;
    }

    /// <summary>The issuing CA's name.</summary>
    public X500DistinguishedName Issuer { get; }

    /// <summary>When the CRL was issued.</summary>
    public DateTimeOffset ThisUpdate { get; }

    /// <summary>When the next CRL is due; past it the CRL is stale.</summary>
    public DateTimeOffset? NextUpdate { get; }

    /// <summary>How many certificates the CRL revokes.</summary>
    public int RevokedCount => _revoked.Count;

    /// <summary>Whether the CRL is past its nextUpdate at <paramref name="now"/>.</summary>
    public bool IsStale(DateTimeOffset now) => NextUpdate is { } next && now > next;

    /// <summary>Whether the certificate's serial number is on this CRL.</summary>
    public bool Revokes(X509Certificate2 certificate) => _revoked.Contains(SerialOf(certificate));

    /// <summary>Whether the CA certificate's key signed this CRL and the names match.</summary>
    public bool IsSignedBy(X509Certificate2 ca) =>
        ca.SubjectName.RawData.AsSpan().SequenceEqual(Issuer.RawData) && _signed.IsSignedBy(ca);

    /// <summary>Parses a CRL in DER or PEM form.</summary>
    /// <exception cref="PkiException">The bytes are not a CRL.</exception>
    public static CertificateRevocationList Parse(byte[] data, string source)
    {
        byte[] der = data;
        string text = System.Text.Encoding.ASCII.GetString(data);
        if (text.Contains("-----BEGIN X509 CRL-----", StringComparison.Ordinal))
        {
            if (!PemEncoding.TryFind(text, out var fields))
            {
                throw new PkiException($"{source} is not a valid PEM CRL.");
            }

            der = Convert.FromBase64String(text[fields.Base64Data]);
        }

        try
        {
            var signed = SignedStructure.Parse(der);
            var tbs = new AsnReader(signed.ToBeSigned, AsnEncodingRules.DER).ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                tbs.ReadInteger(); // version v2
            }

            tbs.ReadSequence(); // signature algorithm (repeated inside the signed part)
            var issuer = new X500DistinguishedName(tbs.ReadEncodedValue().Span);
            var thisUpdate = ReadTime(tbs);
            DateTimeOffset? nextUpdate = null;
            if (tbs.HasData && IsTime(tbs.PeekTag()))
            {
                nextUpdate = ReadTime(tbs);
            }

            var revoked = new HashSet<BigInteger>();
            if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                var entries = tbs.ReadSequence();
                while (entries.HasData)
                {
                    var entry = entries.ReadSequence();
                    revoked.Add(entry.ReadInteger());
                }
            }

            return new CertificateRevocationList(signed, issuer, thisUpdate, nextUpdate, revoked);
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException or FormatException)
        {
            throw new PkiException($"{source} is not a valid X.509 CRL ({ex.Message}).");
        }
    }

    /// <summary>Loads a CRL file (DER or PEM).</summary>
    public static CertificateRevocationList Load(string path)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PkiException($"The CRL file {path} cannot be read: {ex.Message}");
        }

        return Parse(data, path);
    }

    private static BigInteger SerialOf(X509Certificate2 certificate)
    {
        // SerialNumberBytes is big-endian two's complement as encoded in the certificate.
        return new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true);
    }

    private static bool IsTime(Asn1Tag tag) =>
        tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();
}
