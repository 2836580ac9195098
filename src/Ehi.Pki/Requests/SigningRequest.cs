using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ehi.Pki.Authority;
using Ehi.Pki.Files;
using Ehi.Pki.Inspection;

namespace Ehi.Pki.Requests;

/// <summary>Creates a private key and a PKCS#10 certificate signing request for a server
/// certificate, to send to a commercial CA (guide 4.1.2 step 1).</summary>
public static class SigningRequest
{
    /// <summary>Writes NAME.key (0600) and NAME.csr into <paramref name="directory"/>. The CN is
    /// always among the SANs, since clients match host names against SANs only (RFC 6125 §6.4.4).</summary>
    /// <returns>The key and CSR paths.</returns>
    public static (string KeyPath, string CsrPath) Write(string commonName, IReadOnlyList<string> subjectAlternativeNames, string directory, KeyKind kind, bool force)
    {
        if (string.IsNullOrWhiteSpace(commonName))
        {
            throw new PkiException("The common name is empty; pass the host name Thredd will connect to, e.g. --cn ehi.example.com.");
        }

        string baseName = string.Concat(commonName.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' ? c : '_'));
        string keyPath = Path.Combine(directory, baseName + ".key");
        string csrPath = Path.Combine(directory, baseName + ".csr");
        if (!force && (File.Exists(keyPath) || File.Exists(csrPath)))
        {
            throw new PkiException($"{keyPath} or {csrPath} already exists; pass --force to replace them (the old key is then lost).");
        }

        using var key = KeyKinds.Generate(kind);
        var request = KeyKinds.Request(new X500DistinguishedName("CN=" + commonName), key);
        var san = new SubjectAlternativeNameBuilder();
        foreach (string name in subjectAlternativeNames.Prepend(commonName).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(name, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(CertificateFacts.ServerAuthOid) }, false));
        var usage = X509KeyUsageFlags.DigitalSignature | (key is RSA ? X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.None);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));

        PemFiles.WritePrivate(keyPath, PemFiles.ToPem(key));
        PemFiles.WritePublic(csrPath, request.CreateSigningRequestPem() + "\n");
        return (keyPath, csrPath);
    }
}
