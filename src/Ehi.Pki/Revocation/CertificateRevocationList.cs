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

    /// <summary>Whether the CRL claims to be issued after <paramref name="now"/> (beyond a few minutes of
    /// clock skew): such a CRL is not trustworthy and is not used.</summary>
    public bool IsFromTheFuture(DateTimeOffset now) => ThisUpdate > now + ClockSkew;

    /// <summary>The clock difference tolerated between the CA and this host.</summary>
    public static TimeSpan ClockSkew { get; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether the CRL is past its nextUpdate at <paramref name="now"/>.</summary>
    public bool IsStale(DateTimeOffset now) => NextUpdate is { } next && now > next;

    /// <summary>Whether the certificate's serial number is on this CRL.</summary>
    public bool Revokes(X509Certificate2 certificate) => _revoked.Contains(SerialOf(certificate));

    /// <summary>Whether the CA certificate's key signed this CRL and the names match.</summary>
    public bool IsSignedBy(X509Certificate2 ca) =>
        ca.SubjectName.RawData.AsSpan().SequenceEqual(Issuer.RawData) && _signed.IsSignedBy(ca);

    /// <summary>Parses a file holding exactly one CRL, in DER or PEM form.</summary>
    /// <exception cref="PkiException">The bytes are not a CRL, or hold more than one (use <see cref="ParseAll"/>).</exception>
    public static CertificateRevocationList Parse(byte[] data, string source)
    {
        var all = ParseAll(data, source);
        return all.Count == 1 ? all[0] : throw new PkiException($"{source} holds {all.Count} CRLs where one was expected.");
    }

    /// <summary>Parses every CRL in the bytes: PEM with any number of <c>X509 CRL</c> blocks, or DER
    /// (one CRL, or several concatenated). A CA bundle's CRL file often holds the root's and the
    /// issuing CA's CRLs together; reading only the first would silently skip the second.</summary>
    /// <exception cref="PkiException">The bytes hold no CRL, or one of them is not valid.</exception>
    public static IReadOnlyList<CertificateRevocationList> ParseAll(byte[] data, string source)
    {
        var crls = new List<CertificateRevocationList>();
        string text = System.Text.Encoding.ASCII.GetString(data);
        if (text.Contains("-----BEGIN ", StringComparison.Ordinal))
        {
            var rest = text.AsMemory();
            int index = 0;
            while (PemEncoding.TryFind(rest.Span, out var fields))
            {
                index++;
                if (rest.Span[fields.Label].SequenceEqual("X509 CRL"))
                {
                    byte[] der;
                    try
                    {
                        der = Convert.FromBase64String(rest.Span[fields.Base64Data].ToString());
                    }
                    catch (FormatException)
                    {
                        throw new PkiException($"{source}: PEM block {index} is not valid base64.");
                    }

                    crls.Add(ParseDer(der, crls.Count == 0 ? source : $"{source} (CRL {crls.Count + 1})"));
                }

                rest = rest[fields.Location.End..];
            }

            if (crls.Count == 0)
            {
                throw new PkiException($"{source} is not a valid PEM CRL: it holds no -----BEGIN X509 CRL----- block.");
            }

            return crls;
        }

        var remaining = (ReadOnlyMemory<byte>)data;
        while (!remaining.IsEmpty)
        {
            ReadOnlyMemory<byte> one;
            try
            {
                var reader = new AsnReader(remaining, AsnEncodingRules.DER);
                one = reader.ReadEncodedValue();
            }
            catch (AsnContentException ex)
            {
                throw new PkiException($"{source} is not a valid X.509 CRL ({ex.Message}).");
            }

            crls.Add(ParseDer(one.ToArray(), crls.Count == 0 ? source : $"{source} (CRL {crls.Count + 1})"));
            remaining = remaining[one.Length..];
        }

        return crls.Count > 0 ? crls : throw new PkiException($"{source} is empty; it holds no CRL.");
    }

    private static CertificateRevocationList ParseDer(byte[] der, string source)
    {
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

    /// <summary>Loads a file holding exactly one CRL (DER or PEM).</summary>
    public static CertificateRevocationList Load(string path) => Parse(Read(path), path);

    /// <summary>Loads every CRL of a file (DER or PEM, one or several).</summary>
    public static IReadOnlyList<CertificateRevocationList> LoadAll(string path) => ParseAll(Read(path), path);

    private static byte[] Read(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PkiException($"The CRL file {path} cannot be read: {ex.Message}");
        }
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
