using System.Security.Cryptography.X509Certificates;

namespace Ehi.Server.Tls;

/// <summary>The cryptographic strength a client chain must have, as OpenSSL security level 2 sets
/// it: signatures with SHA-256 or better (no MD2, MD4, MD5 or SHA-1) and keys of at least 112 bits of
/// security (RSA and DSA 2048 bits, EC 256 bits).</summary>
internal static class ChainStrength
{
    /// <summary>The smallest RSA or DSA modulus accepted.</summary>
    public const int MinimumRsaBits = 2048;

    /// <summary>The smallest EC key accepted.</summary>
    public const int MinimumEcBits = 256;

    private static readonly Dictionary<string, string> WeakSignatures = new(StringComparer.Ordinal)
    {
        ["1.2.840.113549.1.1.2"] = "MD2 with RSA",
        ["1.2.840.113549.1.1.3"] = "MD4 with RSA",
        ["1.2.840.113549.1.1.4"] = "MD5 with RSA",
        ["1.2.840.113549.1.1.5"] = "SHA-1 with RSA",
        ["1.3.14.3.2.29"] = "SHA-1 with RSA",
        ["1.2.840.10045.4.1"] = "ECDSA with SHA-1",
        ["1.2.840.10040.4.3"] = "DSA with SHA-1",
    };

    /// <summary>The first weak signature in the chain (leaf first; a trust anchor's own self-signature is
    /// not relied on and not judged), or null.</summary>
    public static string? WeakSignature(X509Certificate2[] chain, bool lastIsAnchor)
    {
        int judged = lastIsAnchor ? chain.Length - 1 : chain.Length;
        for (int i = 0; i < judged; i++)
        {
            if (chain[i].SignatureAlgorithm.Value is { } oid && WeakSignatures.TryGetValue(oid, out string? name))
            {
                return $"{chain[i].Subject} is signed with {name}, which is too weak (SHA-256 or better is required)";
            }
        }

        return null;
    }

    /// <summary>The first key in the chain that is too small, or null.</summary>
    public static string? WeakKey(X509Certificate2[] chain)
    {
        foreach (var certificate in chain)
        {
            string? weakness = KeyWeakness(certificate);
            if (weakness is not null)
            {
                return weakness;
            }
        }

        return null;
    }

    private static string? KeyWeakness(X509Certificate2 certificate)
    {
        using (var rsa = certificate.GetRSAPublicKey())
        {
            if (rsa is not null)
            {
                return rsa.KeySize < MinimumRsaBits ? $"{certificate.Subject} has an RSA key of {rsa.KeySize} bits; at least {MinimumRsaBits} are required" : null;
            }
        }

        using (var ec = certificate.GetECDsaPublicKey())
        {
            if (ec is not null)
            {
                return ec.KeySize < MinimumEcBits ? $"{certificate.Subject} has an EC key of {ec.KeySize} bits; at least {MinimumEcBits} are required" : null;
            }
        }

        using (var dsa = certificate.GetDSAPublicKey())
        {
            if (dsa is not null)
            {
                return dsa.KeySize < MinimumRsaBits ? $"{certificate.Subject} has a DSA key of {dsa.KeySize} bits; at least {MinimumRsaBits} are required" : null;
            }
        }

        return null;
    }
}
