using System.Net;
using System.Security.Cryptography.X509Certificates;
using Ehi.Pki.Authority;
using Ehi.Pki.Files;
using Ehi.Pki.Inspection;

namespace Ehi.Testing;

/// <summary>Test-only PKI minted in memory at test time, written to a temp directory: a processor
/// root and issuing CA (Thredd's stand-in), a host root and intermediate with a server leaf, and
/// a factory for good and deliberately bad client certificates.</summary>
/// <remarks>Not a real PKI; the keys exist only for the test run.</remarks>
public sealed class TestPki : IDisposable
{
    public TestPki(KeyKind kind = KeyKind.EcdsaP256)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("ehi-test-").FullName;
        var now = DateTimeOffset.UtcNow;
        ProcessorRoot = CertificateAuthority.CreateRoot("CN=Test Processor Root CA, O=ehi tests", kind, now.AddDays(-30), now.AddYears(5));
        ProcessorIssuing = ProcessorRoot.CreateIntermediate("CN=Test Processor Issuing CA, O=ehi tests", kind, now.AddDays(-30), now.AddYears(5));
        HostRoot = CertificateAuthority.CreateRoot("CN=Test Host Root CA, O=ehi tests", kind, now.AddDays(-30), now.AddYears(5));
        HostIntermediate = HostRoot.CreateIntermediate("CN=Test Host Intermediate CA, O=ehi tests", kind, now.AddDays(-30), now.AddYears(5));
        Server = IssueServer(HostIntermediate, kind);
        Client = IssueClient();

        Write("trust.pem", ProcessorRoot.Certificate, ProcessorIssuing.Certificate);
        Write("host-root.pem", HostRoot.Certificate);
        WriteServer("server-fullchain.pem", "server.key", Server, HostIntermediate.Certificate);
        WriteClient("client", Client);
    }

    public string Directory { get; }

    public CertificateAuthority ProcessorRoot { get; }

    public CertificateAuthority ProcessorIssuing { get; }

    public CertificateAuthority HostRoot { get; }

    public CertificateAuthority HostIntermediate { get; }

    public X509Certificate2 Server { get; }

    public X509Certificate2 Client { get; }

    public string TrustBundle => Path("trust.pem");

    public string HostRootFile => Path("host-root.pem");

    public string ServerChainFile => Path("server-fullchain.pem");

    public string ServerKeyFile => Path("server.key");

    public string ClientCertFile => Path("client.pem");

    public string ClientKeyFile => Path("client.key");

    public string Path(string name) => System.IO.Path.Combine(Directory, name);

    /// <summary>A client certificate from the real issuing CA; <paramref name="tweak"/> makes it wrong on purpose.</summary>
    public X509Certificate2 IssueClient(Func<LeafProfile, LeafProfile>? tweak = null, CertificateAuthority? issuer = null)
    {
        var now = DateTimeOffset.UtcNow;
        var profile = new LeafProfile("CN=Test Transport Certificate, O=ehi tests", now.AddDays(-1), now.AddDays(90))
        {
            ExtendedKeyUsages = [CertificateFacts.ClientAuthOid],
        };
        return (issuer ?? ProcessorIssuing).Issue(tweak is null ? profile : tweak(profile));
    }

    /// <summary>A CA that copies the real issuing CA's names (subject and issuer) with its own key.</summary>
    public CertificateAuthority CreateLookalikeIssuingCa()
    {
        var now = DateTimeOffset.UtcNow;
        using var fakeRoot = CertificateAuthority.CreateRoot(ProcessorRoot.Certificate.Subject, KeyKind.EcdsaP256, now.AddDays(-30), now.AddYears(5));
        return fakeRoot.CreateIntermediate(ProcessorIssuing.Certificate.Subject, KeyKind.EcdsaP256, now.AddDays(-30), now.AddYears(5));
    }

    /// <summary>A self-signed client certificate that names itself like a transport certificate.</summary>
    public static X509Certificate2 SelfSignedClient()
    {
        var now = DateTimeOffset.UtcNow;
        using var self = CertificateAuthority.CreateRoot("CN=Test Transport Certificate, O=ehi tests", KeyKind.EcdsaP256, now.AddDays(-1), now.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(self.Certificate.Export(X509ContentType.Pkcs12), null);
    }

    public X509Certificate2 IssueServer(CertificateAuthority issuer, KeyKind kind = KeyKind.EcdsaP256, DateTimeOffset? notAfter = null)
    {
        var now = DateTimeOffset.UtcNow;
        return issuer.Issue(new LeafProfile("CN=localhost, O=ehi tests", now.AddDays(-1), notAfter ?? now.AddDays(90))
        {
            ExtendedKeyUsages = [CertificateFacts.ServerAuthOid],
            DnsNames = ["localhost"],
            IpAddresses = [IPAddress.Loopback, IPAddress.IPv6Loopback],
            Key = kind,
        });
    }

    public void Write(string name, params X509Certificate2[] certificates) => PemFiles.WritePublic(Path(name), PemFiles.ToPem(certificates));

    public void WriteServer(string chainName, string keyName, X509Certificate2 leaf, params X509Certificate2[] intermediates)
    {
        using var key = KeyKinds.PrivateKeyOf(leaf);
        PemFiles.WritePrivate(Path(keyName), PemFiles.ToPem(key));
        PemFiles.WritePublic(Path(chainName), PemFiles.ToPem([leaf, .. intermediates]));
    }

    /// <summary>Writes NAME.pem and NAME.key for a client certificate (for curl and openssl).</summary>
    public void WriteClient(string name, X509Certificate2 certificate) => WriteServer(name + ".pem", name + ".key", certificate);

    /// <summary>Writes a CRL of the issuing CA revoking <paramref name="revoked"/>.</summary>
    public string WriteCrl(string name, CertificateAuthority issuer, DateTimeOffset nextUpdate, params X509Certificate2[] revoked)
    {
        var now = DateTimeOffset.UtcNow;
        byte[] der = issuer.IssueCrl(revoked, now.AddMinutes(-10) < nextUpdate ? now.AddMinutes(-10) : nextUpdate.AddDays(-1), nextUpdate, now.ToUnixTimeMilliseconds());
        File.WriteAllBytes(Path(name), der);
        return Path(name);
    }

    public void Dispose()
    {
        ProcessorRoot.Dispose();
        ProcessorIssuing.Dispose();
        HostRoot.Dispose();
        HostIntermediate.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A process still holding a file must not fail the test.
        }
    }
}
