using System.Net;
using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using Ehi.Pki.Authority;
using Ehi.Pki.Files;
using Ehi.Pki.Inspection;
using Ehi.Pki.Revocation;

namespace Ehi.Pki.Dev;

/// <summary>Creates (or reuses) a dev PKI that mirrors the real topology: a processor root and
/// issuing CA with a transport client certificate, and a host root and intermediate with a server
/// certificate for localhost, 127.0.0.1 and ::1.</summary>
/// <remarks>Development only. This is not a real PKI; its CA keys sit unencrypted on disk and
/// anyone who reads them can mint certificates the dev trust accepts.</remarks>
public sealed class DevPki
{
    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(397);
    private static readonly TimeSpan CrlLifetime = TimeSpan.FromDays(7);
    private static readonly TimeSpan CrlRefreshMargin = TimeSpan.FromDays(1);

    private readonly TimeProvider _time;

    /// <summary>Creates the generator with its clock.</summary>
    public DevPki(TimeProvider time) => _time = time;

    /// <summary>Makes sure the dev PKI in <paramref name="layout"/> exists. Existing files are kept
    /// unless <paramref name="force"/>; the CRL is re-issued when it is close to its nextUpdate so a
    /// long-lived dev setup never trips over its own stale CRL.</summary>
    public DevPkiResult Ensure(DevPkiLayout layout, KeyKind kind, bool force)
    {
        bool complete = layout.AllFiles.All(File.Exists);
        if (complete && !force)
        {
            bool crlRefreshed = RefreshCrlIfDue(layout);
            return new DevPkiResult(layout, Created: false, crlRefreshed, Describe(layout));
        }

        Create(layout, kind);
        return new DevPkiResult(layout, Created: true, CrlRefreshed: false, Describe(layout));
    }

    private void Create(DevPkiLayout layout, KeyKind kind)
    {
        var now = _time.GetUtcNow();
        var notBefore = now.AddMinutes(-5); // tolerate small clock skew between peers
        string owner = $"{Environment.UserName}@{Environment.MachineName}";

        using var processorRoot = CertificateAuthority.CreateRoot($"CN=ehi dev Processor Root CA, OU={owner}, O=ehi development", kind, notBefore, now + CaLifetime);
        using var processorIssuing = processorRoot.CreateIntermediate($"CN=ehi dev Processor Issuing CA, OU={owner}, O=ehi development", kind, notBefore, now + CaLifetime);
        using var client = processorIssuing.Issue(new LeafProfile("CN=ehi dev transport certificate, O=ehi development", notBefore, now + LeafLifetime)
        {
            ExtendedKeyUsages = [CertificateFacts.ClientAuthOid],
            Key = kind,
        });

        using var hostRoot = CertificateAuthority.CreateRoot($"CN=ehi dev Host Root CA, OU={owner}, O=ehi development", kind, notBefore, now + CaLifetime);
        using var hostIntermediate = hostRoot.CreateIntermediate($"CN=ehi dev Host Intermediate CA, OU={owner}, O=ehi development", kind, notBefore, now + CaLifetime);
        using var server = hostIntermediate.Issue(new LeafProfile("CN=localhost, O=ehi development", notBefore, now + LeafLifetime)
        {
            ExtendedKeyUsages = [CertificateFacts.ServerAuthOid],
            DnsNames = ["localhost"],
            IpAddresses = [IPAddress.Loopback, IPAddress.IPv6Loopback],
            Key = kind,
        });

        WritePair(layout.ProcessorRootCert, layout.ProcessorRootKey, processorRoot.Certificate);
        WritePair(layout.ProcessorIssuingCert, layout.ProcessorIssuingKey, processorIssuing.Certificate);
        PemFiles.WritePublic(layout.ProcessorCaBundle, PemFiles.ToPem([processorRoot.Certificate, processorIssuing.Certificate]));
        WriteCrl(layout, processorIssuing);
        WritePair(layout.ClientCert, layout.ClientKey, client);
        PemFiles.WritePublic(layout.ClientChain, PemFiles.ToPem([client, processorIssuing.Certificate]));

        WritePair(layout.HostRootCert, layout.HostRootKey, hostRoot.Certificate);
        WritePair(layout.HostIntermediateCert, layout.HostIntermediateKey, hostIntermediate.Certificate);
        WritePair(layout.ServerCert, layout.ServerKey, server);
        PemFiles.WritePublic(layout.ServerFullChain, PemFiles.ToPem([server, hostIntermediate.Certificate]));
    }

    private bool RefreshCrlIfDue(DevPkiLayout layout)
    {
        var now = _time.GetUtcNow();
        try
        {
            var crl = CertificateRevocationList.Load(layout.ProcessorIssuingCrl);
            if (crl.NextUpdate is { } next && next - now > CrlRefreshMargin)
            {
                return false;
            }
        }
        catch (PkiException)
        {
            // An unreadable CRL is replaced like a stale one.
        }

        using var issuingCert = X509Certificate2.CreateFromPemFile(layout.ProcessorIssuingCert, layout.ProcessorIssuingKey);
        using var issuing = new CertificateAuthority(issuingCert);
        WriteCrl(layout, issuing);
        return true;
    }

    private void WriteCrl(DevPkiLayout layout, CertificateAuthority issuing)
    {
        var now = _time.GetUtcNow();
        // The CRL number must grow with each issue (RFC 5280 §5.2.3); the clock does that without state.
        byte[] der = issuing.IssueCrl([], now.AddMinutes(-5), now + CrlLifetime, new BigInteger(now.ToUnixTimeSeconds()));
        PemFiles.WritePublic(layout.ProcessorIssuingCrl, new string(System.Security.Cryptography.PemEncoding.Write("X509 CRL", der)) + "\n");
    }

    private static void WritePair(string certPath, string keyPath, X509Certificate2 certificate)
    {
        using var key = KeyKinds.PrivateKeyOf(certificate);
        PemFiles.WritePrivate(keyPath, PemFiles.ToPem(key));
        PemFiles.WritePublic(certPath, PemFiles.ToPem([certificate]));
    }

    private IReadOnlyList<DevPkiEntry> Describe(DevPkiLayout layout)
    {
        var now = _time.GetUtcNow();
        (string Role, string Path)[] certs =
        [
            ("processor root CA", layout.ProcessorRootCert),
            ("processor issuing CA", layout.ProcessorIssuingCert),
            ("transport (client) certificate", layout.ClientCert),
            ("host root CA", layout.HostRootCert),
            ("host intermediate CA", layout.HostIntermediateCert),
            ("server certificate", layout.ServerCert),
        ];
        return [.. certs.Select(c =>
        {
            using var cert = PemFiles.LoadCertificates(c.Path)[0];
            var facts = CertificateFacts.Read(cert, now);
            return new DevPkiEntry(c.Role, c.Path, facts.Subject, facts.NotAfter);
        })];
    }
}
