using Ehi.Pki.Authority;
using Ehi.Pki.Dev;
using Ehi.Pki.Files;
using Ehi.Pki.Inspection;
using Ehi.Pki.Revocation;
using Ehi.Testing;

namespace Ehi.Pki.Tests.Dev;

public sealed class DevPkiTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ehi-devpki-");

    [Theory]
    [InlineData(KeyKind.EcdsaP256)]
    [InlineData(KeyKind.Rsa2048)]
    public async Task Ensure_NewDirectory_ChainsVerifyWithOpenssl(KeyKind kind)
    {
        // Given a new dev PKI
        var layout = new DevPkiLayout(_dir.FullName);
        var result = new DevPki(TimeProvider.System).Ensure(layout, kind, force: false);
        Assert.True(result.Created);

        // Then openssl verifies the transport certificate against the processor CAs with clientAuth,
        // and the server certificate against the host root with the intermediate as untrusted
        var client = await ExternalTool.RunAsync("openssl", ["verify", "-purpose", "sslclient", "-CAfile", layout.ProcessorRootCert, "-untrusted", layout.ProcessorIssuingCert, layout.ClientCert]);
        Assert.Equal($"{layout.ClientCert}: OK\n", client.Stdout);
        var server = await ExternalTool.RunAsync("openssl", ["verify", "-purpose", "sslserver", "-CAfile", layout.HostRootCert, "-untrusted", layout.HostIntermediateCert, layout.ServerCert]);
        Assert.Equal($"{layout.ServerCert}: OK\n", server.Stdout);
        var wrongPurpose = await ExternalTool.RunAsync("openssl", ["verify", "-purpose", "sslserver", "-CAfile", layout.ProcessorRootCert, "-untrusted", layout.ProcessorIssuingCert, layout.ClientCert]);
        Assert.NotEqual(0, wrongPurpose.ExitCode);

        // And the server certificate names localhost, 127.0.0.1 and ::1
        var text = await ExternalTool.RunAsync("openssl", ["x509", "-in", layout.ServerCert, "-noout", "-ext", "subjectAltName"]);
        Assert.Contains("DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1", text.Stdout, StringComparison.Ordinal);

        // And the CRL verifies under the issuing CA
        var crl = await ExternalTool.RunAsync("openssl", ["crl", "-in", layout.ProcessorIssuingCrl, "-CAfile", layout.ProcessorIssuingCert, "-noout"]);
        Assert.Contains("verify OK", crl.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Ensure_KeysAreOwnerOnly_CertificatesArePublic()
    {
        var layout = new DevPkiLayout(_dir.FullName);
        new DevPki(TimeProvider.System).Ensure(layout, KeyKind.EcdsaP256, force: false);

        foreach (string file in layout.AllFiles)
        {
            var expected = file.EndsWith(".key", StringComparison.Ordinal)
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            Assert.True(expected == File.GetUnixFileMode(file), $"{file} has mode {File.GetUnixFileMode(file)}");
        }
    }

    [Fact]
    public void Ensure_SecondRun_ReusesFilesUnlessForced()
    {
        var layout = new DevPkiLayout(_dir.FullName);
        var pki = new DevPki(TimeProvider.System);
        pki.Ensure(layout, KeyKind.EcdsaP256, force: false);
        string before = File.ReadAllText(layout.ClientKey);

        var again = pki.Ensure(layout, KeyKind.EcdsaP256, force: false);
        Assert.False(again.Created);
        Assert.Equal(before, File.ReadAllText(layout.ClientKey));

        var forced = pki.Ensure(layout, KeyKind.EcdsaP256, force: true);
        Assert.True(forced.Created);
        Assert.NotEqual(before, File.ReadAllText(layout.ClientKey));
    }

    [Fact]
    public void Ensure_CrlCloseToNextUpdate_IsReissued()
    {
        // Given a dev PKI made 7 days ago (its CRL is due now)
        var layout = new DevPkiLayout(_dir.FullName);
        var past = new ShiftedTime(TimeSpan.FromDays(-7));
        new DevPki(past).Ensure(layout, KeyKind.EcdsaP256, force: false);

        // When it is ensured today
        var result = new DevPki(TimeProvider.System).Ensure(layout, KeyKind.EcdsaP256, force: false);

        // Then the CRL is renewed, not the certificates
        Assert.True(result.CrlRefreshed);
        Assert.False(CertificateRevocationList.Load(layout.ProcessorIssuingCrl).IsStale(DateTimeOffset.UtcNow.AddDays(5)));
    }

    [Fact]
    public void Ensure_ChainBundlesStartWithLeaf()
    {
        var layout = new DevPkiLayout(_dir.FullName);
        new DevPki(TimeProvider.System).Ensure(layout, KeyKind.EcdsaP256, force: false);

        var chain = PemFiles.LoadCertificates(layout.ServerFullChain);
        Assert.Equal(2, chain.Length);
        Assert.Equal("CN=localhost, O=ehi development", chain[0].Subject);
        Assert.True(ChainOrder.Analyze(chain).InOrder);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }
}
