using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ehi.Pki;
using Ehi.Pki.Files;
using Ehi.Pki.Inspection;
using Ehi.Pki.Signing;
using Ehi.Server.Configuration;

namespace Ehi.Server.Tls;

/// <summary>The server certificate with its intermediates, checked once when loaded: key matches,
/// chain links, serverAuth allowed, not expired (Kestrel's fail-fast rule for certificate
/// configuration).</summary>
public sealed class ServerCertificate
{
    private ServerCertificate(X509Certificate2 leaf, X509Certificate2[] intermediates, CertificateFacts facts)
    {
        Leaf = leaf;
        Intermediates = intermediates;
        Facts = facts;
    }

    /// <summary>The leaf, with its private key.</summary>
    public X509Certificate2 Leaf { get; }

    /// <summary>The intermediates sent with the leaf, leaf's issuer first.</summary>
    public IReadOnlyList<X509Certificate2> Intermediates { get; }

    /// <summary>The leaf's facts as of loading.</summary>
    public CertificateFacts Facts { get; }

    /// <summary>Loads and checks the configured server certificate; every problem found goes to <paramref name="problems"/>.</summary>
    /// <returns>The certificate, or null when a problem prevents its use.</returns>
    public static ServerCertificate? Load(TlsOptions options, DateTimeOffset now, ICollection<string> problems, ICollection<string> warnings)
    {
        if (options.PfxPath is null && (options.CertificatePath is null || options.KeyPath is null))
        {
            return null; // reported by the options validator
        }

        X509Certificate2[] bundle;
        AsymmetricAlgorithm? key = null;
        try
        {
            if (options.PfxPath is { } pfx)
            {
                var collection = X509CertificateLoader.LoadPkcs12CollectionFromFile(pfx, options.PfxPassword, X509KeyStorageFlags.Exportable);
                var leafInPfx = collection.FirstOrDefault(c => c.HasPrivateKey);
                if (leafInPfx is null)
                {
                    problems.Add($"Ehi:Tls:PfxPath {pfx} holds no certificate with a private key.");
                    return null;
                }

                bundle = [leafInPfx, .. OrderFrom(leafInPfx, collection.Where(c => c != leafInPfx && !CertificateSignature.IsSelfSigned(c)).ToList())];
            }
            else
            {
                bundle = PemFiles.LoadCertificates(options.CertificatePath!);
                key = PemFiles.LoadPrivateKey(options.KeyPath!);
            }
        }
        catch (PkiException ex)
        {
            problems.Add(ex.Message);
            return null;
        }
        catch (CryptographicException ex)
        {
            problems.Add($"Ehi:Tls:PfxPath {options.PfxPath} cannot be opened ({ex.Message}); check the file and Ehi:Tls:PfxPassword.");
            return null;
        }

        // The key is not disposed: the certificate returned shares it for the server's lifetime.
        return Check(bundle, key, options.CertificatePath ?? options.PfxPath!, now, problems, warnings);
    }

    /// <summary>The TLS context: leaf plus intermediates, and the CA names to advertise in the
    /// CertificateRequest (sendTrustInHandshake), which is what `openssl s_client` lists as
    /// "Acceptable client certificate CA names".</summary>
    public SslStreamCertificateContext CreateContext(ClientTrust trust) =>
        SslStreamCertificateContext.Create(
            Leaf,
            new X509Certificate2Collection(Intermediates.ToArray()),
            offline: true,
            SslCertificateTrust.CreateForX509Collection(trust.AllCertificates, sendTrustInHandshake: true));

    private static ServerCertificate? Check(X509Certificate2[] bundle, AsymmetricAlgorithm? key, string source, DateTimeOffset now, ICollection<string> problems, ICollection<string> warnings)
    {
        var leaf = bundle[0];
        int before = problems.Count;
        if (key is not null)
        {
            if (!PublicKeyMatches(leaf, key))
            {
                problems.Add($"The private key in Ehi:Tls:KeyPath does not belong to the certificate {leaf.Subject} in {source}; use the key the CSR was made with.");
                return null;
            }

            leaf = key switch
            {
                RSA rsa => leaf.CopyWithPrivateKey(rsa),
                ECDsa ec => leaf.CopyWithPrivateKey(ec),
                _ => leaf,
            };
        }

        var order = ChainOrder.Analyze(bundle);
        if (!order.InOrder)
        {
            problems.Add($"The server chain in {source} does not link: {order.Summary} Put the leaf first, then each intermediate in order.");
        }

        if (bundle.Length == 1 && !CertificateSignature.IsSelfSigned(leaf))
        {
            warnings.Add($"{source} holds only the leaf certificate; without the intermediate, clients cannot verify the chain (SSL Labs caps the grade at B). Append the intermediate to the file.");
        }

        if (!CertificateFacts.Allows(leaf, CertificateFacts.ServerAuthOid))
        {
            problems.Add($"The server certificate {leaf.Subject} does not allow serverAuth (extended key usage); request a TLS server certificate.");
        }

        var facts = CertificateFacts.Read(leaf, now);
        if (facts.NotAfter < now)
        {
            problems.Add($"The server certificate {leaf.Subject} expired on {facts.NotAfter:yyyy-MM-dd}; renew it.");
        }
        else if (facts.NotBefore > now)
        {
            problems.Add($"The server certificate {leaf.Subject} is not valid before {facts.NotBefore:yyyy-MM-dd HH:mm} UTC; check the clock or the certificate.");
        }
        else if (facts.DaysLeft < 30)
        {
            warnings.Add($"The server certificate {leaf.Subject} expires in {facts.DaysLeft} days ({facts.NotAfter:yyyy-MM-dd}); renew it.");
        }

        // Drop a root if the bundle has one: the peer must hold the root already, and sending it only costs bytes.
        var intermediates = bundle.Skip(1).Where(c => !CertificateSignature.IsSelfSigned(c)).ToArray();
        return problems.Count > before ? null : new ServerCertificate(leaf, intermediates, facts);
    }

    private static bool PublicKeyMatches(X509Certificate2 certificate, AsymmetricAlgorithm key) =>
        certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo());

    private static IEnumerable<X509Certificate2> OrderFrom(X509Certificate2 leaf, List<X509Certificate2> pool)
    {
        var current = leaf;
        while (pool.FirstOrDefault(c => CertificateSignature.IsIssuedBy(current, c)) is { } issuer)
        {
            pool.Remove(issuer);
            yield return issuer;
            current = issuer;
        }
    }
}
