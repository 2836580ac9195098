using Ehi.Pki.Inspection;
using Ehi.Server.Hosting;
using Ehi.Testing;
using Microsoft.Extensions.Configuration;

namespace Ehi.Server.Tests.Configuration;

public sealed class StartupValidationTests : IDisposable
{
    private readonly TestPki _pki = new();

    [Fact]
    public void Create_ManySettingsWrong_ReportsEveryProblemAtOnce()
    {
        var error = Assert.Throws<ServerConfigurationException>(() => Create(s =>
        {
            s["Ehi:Listen"] = "nowhere";
            s["Ehi:Path"] = "ehi";
            s["Ehi:HstsMaxAgeSeconds"] = "600";
            s["Ehi:AllowIps:0"] = "10.0.0.0/33";
            s["Ehi:Tls:CrlUrls:0"] = "ftp://example.invalid/x.crl";
        }));

        Assert.Equal(
            [
                "Ehi:Listen 'nowhere' is not ADDRESS:PORT; write it like localhost:8443, 0.0.0.0:443 or [::]:443.",
                "Ehi:Path 'ehi' must start with '/', like /ehi.",
                "Ehi:HstsMaxAgeSeconds is 600; it must be at least 31536000 (one year).",
                "Ehi:Tls:CrlUrls entry 'ftp://example.invalid/x.crl' is not an http or https URL.",
                "Ehi:AllowIps entry '10.0.0.0/33' is not an IP address or CIDR range; write it like 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32.",
            ],
            error.Problems);
    }

    [Fact]
    public void Create_KeyOfAnotherCertificate_FailsNamingTheKey()
    {
        using var other = _pki.IssueServer(_pki.HostIntermediate);
        _pki.WriteServer("other.pem", "other.key", other);

        var error = Assert.Throws<ServerConfigurationException>(() => Create(s => s["Ehi:Tls:KeyPath"] = _pki.Path("other.key")));

        Assert.Equal($"The private key in Ehi:Tls:KeyPath does not belong to the certificate {_pki.Server.Subject} in {_pki.ServerChainFile}; use the key the CSR was made with.", Assert.Single(error.Problems));
    }

    [Fact]
    public void Create_ChainThatDoesNotLink_Fails()
    {
        // The leaf followed by the wrong CA (the host root instead of the intermediate)
        _pki.WriteServer("bad-chain.pem", "bad.key", _pki.Server, _pki.HostRoot.Certificate);

        var error = Assert.Throws<ServerConfigurationException>(() => Create(s =>
        {
            s["Ehi:Tls:CertificatePath"] = _pki.Path("bad-chain.pem");
            s["Ehi:Tls:KeyPath"] = _pki.Path("bad.key");
        }));

        Assert.StartsWith($"The server chain in {_pki.Path("bad-chain.pem")} does not link: Certificate 0", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_LeafWithoutServerAuth_Fails()
    {
        using var clientOnly = _pki.HostIntermediate.Issue(new Ehi.Pki.Authority.LeafProfile("CN=localhost", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90)) { ExtendedKeyUsages = [CertificateFacts.ClientAuthOid] });
        _pki.WriteServer("client-only.pem", "client-only.key", clientOnly, _pki.HostIntermediate.Certificate);

        var error = Assert.Throws<ServerConfigurationException>(() => Create(s =>
        {
            s["Ehi:Tls:CertificatePath"] = _pki.Path("client-only.pem");
            s["Ehi:Tls:KeyPath"] = _pki.Path("client-only.key");
        }));

        Assert.Equal("The server certificate CN=localhost does not allow serverAuth (extended key usage); request a TLS server certificate.", Assert.Single(error.Problems));
    }

    [Fact]
    public void Create_ExpiredLeaf_Fails()
    {
        using var expired = _pki.HostIntermediate.Issue(new Ehi.Pki.Authority.LeafProfile("CN=localhost", DateTimeOffset.UtcNow.AddDays(-20), DateTimeOffset.UtcNow.AddDays(-2)) { ExtendedKeyUsages = [CertificateFacts.ServerAuthOid] });
        _pki.WriteServer("expired.pem", "expired.key", expired, _pki.HostIntermediate.Certificate);

        var error = Assert.Throws<ServerConfigurationException>(() => Create(s =>
        {
            s["Ehi:Tls:CertificatePath"] = _pki.Path("expired.pem");
            s["Ehi:Tls:KeyPath"] = _pki.Path("expired.key");
        }));

        Assert.StartsWith("The server certificate CN=localhost expired on ", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_LeafExpiringWithin30Days_StartsWithWarning()
    {
        using var soon = _pki.IssueServer(_pki.HostIntermediate, notAfter: DateTimeOffset.UtcNow.AddDays(10));
        _pki.WriteServer("soon.pem", "soon.key", soon, _pki.HostIntermediate.Certificate);

        await using var host = Create(s =>
        {
            s["Ehi:Tls:CertificatePath"] = _pki.Path("soon.pem");
            s["Ehi:Tls:KeyPath"] = _pki.Path("soon.key");
        });

        Assert.Contains(host.Report.Warnings, w => w.StartsWith("The server certificate CN=localhost, O=ehi tests expires in 9 days", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_LeafOnly_WarnsAboutMissingIntermediate()
    {
        _pki.WriteServer("leaf-only.pem", "leaf-only.key", _pki.Server);

        await using var host = Create(s =>
        {
            s["Ehi:Tls:CertificatePath"] = _pki.Path("leaf-only.pem");
            s["Ehi:Tls:KeyPath"] = _pki.Path("leaf-only.key");
        });

        Assert.Contains(host.Report.Warnings, w => w.Contains("holds only the leaf certificate", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_TrustWithClientCertificateOnly_FailsAsNotACa()
    {
        var error = Assert.Throws<ServerConfigurationException>(() => Create(s => s["Ehi:Tls:TrustPaths:0"] = _pki.ClientCertFile));

        Assert.Contains(error.Problems, p => p.Contains("which is not a CA certificate", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_SandboxProfileNotDownloaded_SaysHowToGetTheFiles()
    {
        var error = Assert.Throws<ServerConfigurationException>(() => Create(s =>
        {
            s.Remove("Ehi:Tls:TrustPaths:0");
            s["Ehi:Tls:TrustProfile"] = "Sandbox";
            s["Ehi:Tls:ThreddCaDirectory"] = _pki.Path("thredd");
        }));

        Assert.Contains(error.Problems, p => p.Contains("ehi pki thredd --profile sandbox", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_UnknownEnumValue_IsAProblemNotACrash()
    {
        var error = Assert.Throws<ServerConfigurationException>(() => Create(s => s["Ehi:Tls:StaleCrl"] = "sometimes"));

        Assert.Contains("Refuse|Warn", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    private EhiServerHost Create(Action<Dictionary<string, string?>> configure)
    {
        var settings = TestServer.DefaultSettings(_pki);
        configure(settings);
        return EhiServerHost.Create(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
    }

    public void Dispose() => _pki.Dispose();
}
