using System.Xml.Linq;
using Ehi.Check.Checks.Chain;
using Ehi.Check.Checks.ClientAuth;
using Ehi.Check.Checks.Http;
using Ehi.Check.Checks.Tls;
using Ehi.Check.Engine;
using Ehi.Check.Findings;
using Ehi.Check.Grading;
using Ehi.Check.Handshake;
using Ehi.Pki.Authority;
using Ehi.Testing;

namespace Ehi.Check.Tests.Nginx;

/// <summary>The checker against real nginx configured right and in known-weak ways: each weakness is
/// found with the grade the rating guide gives, and the protocol and suite findings agree with sslscan.</summary>
public sealed class NginxTargetTests : IDisposable
{
    private readonly TestPki _pki = new();
    private readonly TestPki _rsa = new(KeyKind.Rsa2048);

    [Fact]
    public async Task GoodNginx_IsReadyWithAPlus_AndAgreesWithSslscan()
    {
        using var nginx = await NginxServer.StartAsync(Block(_pki, "TLSv1.2 TLSv1.3", "ECDHE+AESGCM:ECDHE+CHACHA20", "on", hsts: true));

        var report = await RunAsync(_pki, nginx.Port);

        Assert.True(report.Ready, Describe(report));
        Assert.Equal(GradeLetter.APlus, report.Grade);
        await AssertAgreesWithSslscanAsync(nginx.Port);
        await AssertAgreesWithOpensslAsync(nginx.Port, report);
    }

    [Fact]
    public async Task OldProtocols_FailAndCapAtB()
    {
        using var nginx = await NginxServer.StartAsync(Block(_pki, "TLSv1 TLSv1.1 TLSv1.2", "ECDHE+AESGCM:ECDHE+AES:@SECLEVEL=0", "on", hsts: true));

        var report = await RunAsync(_pki, nginx.Port);

        Assert.Equal(FindingStatus.Fail, Status(report, "tls.protocols.tls10"));
        Assert.Equal(FindingStatus.Fail, Status(report, "tls.protocols.tls11"));
        Assert.Equal(GradeLetter.B, report.Grade);
        Assert.Contains(report.GradeReasons, r => r.Contains("TLS 1.0 or 1.1", StringComparison.Ordinal));
        await AssertAgreesWithSslscanAsync(nginx.Port);
    }

    [Fact]
    public async Task CbcAndNonForwardSecretSuites_AreFound()
    {
        using var nginx = await NginxServer.StartAsync(Block(_rsa, "TLSv1.2 TLSv1.3", "ECDHE+AESGCM:ECDHE-RSA-AES128-SHA:AES128-GCM-SHA256:@SECLEVEL=0", "on", hsts: true));

        var report = await RunAsync(_rsa, nginx.Port);

        Assert.Equal(FindingStatus.Warn, Status(report, "tls.ciphers.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"));
        Assert.Equal(FindingStatus.Fail, Status(report, "tls.ciphers.TLS_RSA_WITH_AES_128_GCM_SHA256"));
        Assert.False(report.Ready);
        await AssertAgreesWithSslscanAsync(nginx.Port);
    }

    [Fact]
    public async Task MissingIntermediate_FailsAndCapsAtB()
    {
        _pki.Write("leaf-only.pem", _pki.Server);
        using var nginx = await NginxServer.StartAsync(Block(_pki, "TLSv1.2 TLSv1.3", "ECDHE+AESGCM", "on", hsts: true, chain: _pki.Path("leaf-only.pem")));

        var report = await RunAsync(_pki, nginx.Port);

        Assert.Equal(FindingStatus.Fail, Status(report, "chain.intermediates"));
        Assert.Equal(GradeLetter.B, report.Grade);
    }

    [Fact]
    public async Task OptionalNoCa_AcceptsCertificatesFromAnyCa_TheHostileChecksSayWhich()
    {
        using var nginx = await NginxServer.StartAsync(Block(_pki, "TLSv1.2 TLSv1.3", "ECDHE+AESGCM", "optional_no_ca", hsts: true));

        var report = await RunAsync(_pki, nginx.Port);

        // optional_no_ca skips the CA check but still refuses expired and wrong-purpose certificates.
        Assert.Equal(FindingStatus.Fail, Status(report, "hostile.self-signed"));
        Assert.Equal(FindingStatus.Fail, Status(report, "hostile.lookalike-ca"));
        Assert.Equal(FindingStatus.Pass, Status(report, "hostile.expired"));
        Assert.Equal(FindingStatus.Pass, Status(report, "hostile.server-auth-only"));
        Assert.Equal(FindingStatus.Fail, Status(report, "http.no-certificate"));
        Assert.False(report.Ready);
        await AssertAgreesWithOpensslAsync(nginx.Port, report);
    }

    [Fact]
    public async Task NoHsts_GivesAMinus()
    {
        using var nginx = await NginxServer.StartAsync(Block(_pki, "TLSv1.2 TLSv1.3", "ECDHE+AESGCM:ECDHE+CHACHA20", "on", hsts: false));

        var report = await RunAsync(_pki, nginx.Port);

        Assert.Equal(FindingStatus.Warn, Status(report, "http.hsts"));
        Assert.Equal(GradeLetter.AMinus, report.Grade);
    }

    [Fact]
    public async Task RestrictedGroups_AreTheOnesFound_AndAgreeWithSslscan()
    {
        using var nginx = await NginxServer.StartAsync(Block(_pki, "TLSv1.2 TLSv1.3", "ECDHE+AESGCM", "on", hsts: true, extra: "ssl_ecdh_curve secp384r1:X25519;"));

        var facts = await TlsFacts.MeasureAsync(new TlsProber("127.0.0.1", nginx.Port, "localhost", TimeSpan.FromSeconds(5)), CancellationToken.None);

        Assert.Equal([(ushort)0x0018, (ushort)0x001D], facts.Groups!.Order());
        var scan = await ExternalTool.RunAsync("sslscan", ["--no-colour", "--xml=-", $"127.0.0.1:{nginx.Port}"], timeout: TimeSpan.FromSeconds(60));
        var xml = XDocument.Parse(scan.Stdout[scan.Stdout.IndexOf("<?xml", StringComparison.Ordinal)..]);
        var theirs = xml.Descendants("group").Select(g => Convert.ToUInt16((string)g.Attribute("id")!, 16)).Distinct().Order();
        Assert.True(theirs.SequenceEqual(facts.Groups!.Order()), "sslscan groups: " + string.Join(", ", xml.Descendants("group").Select(g => g.ToString())));
    }

    private static string Block(TestPki pki, string protocols, string ciphers, string verify, bool hsts, string? chain = null, string extra = "") => $$"""
        ssl_certificate {{chain ?? pki.ServerChainFile}};
        ssl_certificate_key {{pki.ServerKeyFile}};
        ssl_client_certificate {{pki.TrustBundle}};
        ssl_verify_client {{verify}};
        ssl_protocols {{protocols}};
        ssl_ciphers {{ciphers}};
        {{extra}}
        {{(hsts ? "add_header Strict-Transport-Security \"max-age=31536000\" always;" : string.Empty)}}
        location / { default_type application/json; return 200 '{"Acknowledgement":"0"}'; }
        """;

    private static async Task<CheckReport> RunAsync(TestPki pki, int port) =>
        await CheckEngine.RunAsync(
            new CheckOptions
            {
                Url = new Uri($"https://localhost:{port}/ehi"),
                ClientCertificate = pki.Client,
                Roots = [pki.HostRoot.Certificate],
                ExpectedCas = [pki.ProcessorRoot.Certificate, pki.ProcessorIssuing.Certificate],
            },
            GradeLetter.A,
            CancellationToken.None);

    // Cross-validation: the versions and TLS 1.2 suites the crafted probes found are the ones sslscan finds.
    private static async Task AssertAgreesWithSslscanAsync(int port)
    {
        var scan = await ExternalTool.RunAsync("sslscan", ["--no-colour", "--xml=-", $"127.0.0.1:{port}"], timeout: TimeSpan.FromSeconds(60));
        var xml = XDocument.Parse(scan.Stdout[scan.Stdout.IndexOf("<?xml", StringComparison.Ordinal)..]);
        var facts = await TlsFacts.MeasureAsync(new TlsProber("127.0.0.1", port, "localhost", TimeSpan.FromSeconds(5)), CancellationToken.None);
        foreach (var (version, key) in new[] { (TlsVersion.Tls10, "1.0"), (TlsVersion.Tls11, "1.1"), (TlsVersion.Tls12, "1.2"), (TlsVersion.Tls13, "1.3") })
        {
            bool sslscan = xml.Descendants("protocol").Single(p => (string?)p.Attribute("type") == "tls" && (string?)p.Attribute("version") == key).Attribute("enabled")!.Value == "1";
            Assert.True(sslscan == facts.Versions[version], $"TLS {key}: sslscan says {sslscan}, ehi says {facts.Versions[version]}");
        }

        var theirs = xml.Descendants("cipher").Where(c => (string?)c.Attribute("sslversion") == "TLSv1.2").Select(c => Convert.ToUInt16((string)c.Attribute("id")!, 16)).Order();
        Assert.Equal(theirs, facts.Tls12Suites.Select(s => s.Id).Order());
    }

    // Cross-validation: the chain verdict and the CA names agree with openssl s_client.
    private async Task AssertAgreesWithOpensslAsync(int port, CheckReport report)
    {
        var openssl = await ExternalTool.RunAsync("openssl", ["s_client", "-connect", $"127.0.0.1:{port}", "-servername", "localhost", "-CAfile", _pki.HostRootFile], string.Empty);
        bool opensslVerified = openssl.All.Contains("Verify return code: 0 (ok)", StringComparison.Ordinal);
        Assert.Equal(opensslVerified, Status(report, "chain.trust") == FindingStatus.Pass);
        var caNames = Assert.Single(report.Findings, f => f.Id == "mtls.ca-names.tls13");
        if (openssl.All.Contains("No client certificate CA names sent", StringComparison.Ordinal))
        {
            Assert.Equal(FindingStatus.Warn, caNames.Status);
            return;
        }

        string listed = openssl.All[openssl.All.IndexOf("Acceptable client certificate CA names", StringComparison.Ordinal)..].Split("Requested")[0];
        foreach (string line in listed.Split('\n').Skip(1).Where(l => l.Contains("CN = ", StringComparison.Ordinal)))
        {
            string cn = line[(line.IndexOf("CN = ", StringComparison.Ordinal) + 5)..].Split(',')[0].Trim();
            Assert.Contains("CN=" + cn, caNames.Evidence, StringComparison.Ordinal);
        }
    }

    private static FindingStatus Status(CheckReport report, string id) => Assert.Single(report.Findings, f => f.Id == id).Status;

    private static string Describe(CheckReport report) => string.Join("\n", report.Findings.Where(f => f.Status != FindingStatus.Pass).Select(f => $"{f.Status} {f.Id}: {f.Text} [{f.Evidence}]")) + "\n" + string.Join("; ", report.GradeReasons);

    public void Dispose()
    {
        _pki.Dispose();
        _rsa.Dispose();
    }
}
