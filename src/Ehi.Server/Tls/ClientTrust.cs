using System.Security.Cryptography.X509Certificates;
using Ehi.Pki;
using Ehi.Pki.Dev;
using Ehi.Pki.Files;
using Ehi.Pki.Inspection;
using Ehi.Pki.Signing;
using Ehi.Server.Configuration;

namespace Ehi.Server.Tls;

/// <summary>The CAs trusted to issue client (transport) certificates: only what the configuration
/// names, never the system store. Self-signed ones are the trust anchors; the others (Thredd's
/// issuing CA) help build the chain when a client sends only its leaf.</summary>
public sealed class ClientTrust
{
    private ClientTrust(X509Certificate2Collection roots, X509Certificate2Collection intermediates, IReadOnlyList<string> sources)
    {
        Roots = roots;
        Intermediates = intermediates;
        Sources = sources;
        AllCertificates = [.. roots, .. intermediates];
    }

    /// <summary>The trust anchors.</summary>
    public X509Certificate2Collection Roots { get; }

    /// <summary>Trusted issuing CAs (not anchors by themselves).</summary>
    public X509Certificate2Collection Intermediates { get; }

    /// <summary>Roots and intermediates together: the names advertised in the CertificateRequest.</summary>
    public X509Certificate2Collection AllCertificates { get; }

    /// <summary>The files the trust came from.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>The files a profile stands for.</summary>
    public static IReadOnlyList<string> FilesOf(TlsOptions options) => options.TrustProfile switch
    {
        TrustProfile.Dev => [new DevPkiLayout(options.DevPkiDirectory).ProcessorCaBundle],
        TrustProfile.Sandbox or TrustProfile.Production =>
        [
            Path.Combine(options.ThreddCaDirectory, ProfileFolder(options.TrustProfile), "root-ca.pem"),
            Path.Combine(options.ThreddCaDirectory, ProfileFolder(options.TrustProfile), "issuer-ca.pem"),
        ],
        _ => [],
    };

    /// <summary>The folder name of a Thredd profile under the Thredd CA directory.</summary>
    public static string ProfileFolder(TrustProfile profile) => profile.ToString().ToLowerInvariant();

    /// <summary>Loads the configured trust; problems (missing files, non-CA certificates, no anchor) are collected.</summary>
    public static ClientTrust? Load(TlsOptions options, DateTimeOffset now, ICollection<string> problems, ICollection<string> warnings)
    {
        var files = FilesOf(options).Concat(options.TrustPaths).ToList();
        if (files.Count == 0)
        {
            problems.Add("No client trust is configured: set Ehi:Tls:TrustProfile (dev, sandbox, production) or pass --trust FILE with the processor's root and issuing CA.");
            return null;
        }

        var roots = new X509Certificate2Collection();
        var intermediates = new X509Certificate2Collection();
        int before = problems.Count;
        foreach (string file in files)
        {
            X509Certificate2[] certificates;
            try
            {
                certificates = PemFiles.LoadCertificates(file);
            }
            catch (PkiException ex)
            {
                problems.Add(options.TrustProfile is TrustProfile.Sandbox or TrustProfile.Production && FilesOf(options).Contains(file)
                    ? $"{ex.Message} Run 'ehi pki thredd --profile {ProfileFolder(options.TrustProfile)}' or download Thredd's root-ca.pem and issuer-ca.pem (guide 4.1.3) into {Path.GetDirectoryName(file)}."
                    : ex.Message);
                continue;
            }

            foreach (var certificate in certificates)
            {
                var facts = CertificateFacts.Read(certificate, now);
                if (!facts.IsCertificateAuthority)
                {
                    problems.Add($"{file} holds {certificate.Subject}, which is not a CA certificate; the trust bundle takes the processor's root and issuing CA, not a client certificate.");
                    continue;
                }

                if (facts.NotAfter < now)
                {
                    warnings.Add($"The trusted CA {certificate.Subject} in {file} expired on {facts.NotAfter:yyyy-MM-dd}; client certificates under it will be refused.");
                }

                (CertificateSignature.IsSelfSigned(certificate) ? roots : intermediates).Add(certificate);
            }
        }

        if (problems.Count == before && roots.Count == 0)
        {
            problems.Add($"The client trust ({string.Join(", ", files)}) holds no root CA; add the processor's root certificate (root-ca.pem) so chains can end at a trust anchor.");
        }

        return problems.Count > before ? null : new ClientTrust(roots, intermediates, files);
    }
}
