using System.Text.Json;

namespace Ehi.Cli.Tests;

public sealed class PkiCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ehi-cli-");

    [Fact]
    public async Task Dev_ReportsWhatWhereExpiryAndNextStep()
    {
        var (exit, output, _) = await CliRunner.RunAsync("pki", "dev", "--dir", _dir.FullName);

        Assert.Equal(0, exit);
        Assert.Contains($"Created a dev PKI in {_dir.FullName}", output, StringComparison.Ordinal);
        Assert.Matches(@"transport \(client\) certificate\s+client\.pem\s+expires \d{4}-\d{2}-\d{2}", output);
        Assert.Contains("Next: ./ehi serve --dev", output, StringComparison.Ordinal);

        var (_, again, _) = await CliRunner.RunAsync("pki", "dev", "--dir", _dir.FullName);
        Assert.Contains("Reusing the dev PKI", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_Json_IsOneDocumentWithSchemaVersion()
    {
        await CliRunner.RunAsync("pki", "dev", "--dir", _dir.FullName);

        var (exit, output, _) = await CliRunner.RunAsync("pki", "inspect", Path.Combine(_dir.FullName, "server-fullchain.pem"), "--json");

        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(1, doc.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.True(doc.RootElement.GetProperty("inOrder").GetBoolean());
        var certificates = doc.RootElement.GetProperty("certificates");
        Assert.Equal(2, certificates.GetArrayLength());
        Assert.Equal("CN=localhost, O=ehi development", certificates[0].GetProperty("subject").GetString());
        Assert.Equal("serverAuth", certificates[0].GetProperty("extendedKeyUsages")[0].GetString());
        Assert.True(certificates[1].GetProperty("isCertificateAuthority").GetBoolean());
    }

    [Fact]
    public async Task Inspect_Text_ShowsChainVerdict()
    {
        await CliRunner.RunAsync("pki", "dev", "--dir", _dir.FullName);

        var (_, output, _) = await CliRunner.RunAsync("pki", "inspect", Path.Combine(_dir.FullName, "processor-ca-bundle.pem"));

        Assert.Contains("[0] CN=ehi dev Processor Root CA", output, StringComparison.Ordinal);
        Assert.Contains("SPKI pin", output, StringComparison.Ordinal);
        Assert.Contains("Chain: Certificate 0", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pin_PrintsBase64OfSpkiSha256()
    {
        await CliRunner.RunAsync("pki", "dev", "--dir", _dir.FullName);

        var (exit, output, _) = await CliRunner.RunAsync("pki", "pin", Path.Combine(_dir.FullName, "client.pem"));

        Assert.Equal(0, exit);
        Assert.Equal(32, Convert.FromBase64String(output.Trim()).Length);
    }

    [Fact]
    public async Task Inspect_MissingFile_IsLocalErrorInOneSentence()
    {
        var (exit, _, error) = await CliRunner.RunAsync("pki", "inspect", Path.Combine(_dir.FullName, "nope.pem"));

        Assert.Equal(4, exit);
        Assert.Equal($"error: The certificate file {Path.Combine(_dir.FullName, "nope.pem")} does not exist.\n", error);
    }

    [Fact]
    public async Task Csr_WritesKeyAndRequest()
    {
        var (exit, output, _) = await CliRunner.RunAsync("pki", "csr", "--cn", "ehi.example.com", "--out", _dir.FullName);

        Assert.Equal(0, exit);
        Assert.True(File.Exists(Path.Combine(_dir.FullName, "ehi.example.com.csr")));
        Assert.Contains("Next: send", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thredd_DownloadsAndChecksBothFiles()
    {
        // Given a mirror on loopback serving a root and an issuing CA
        using var pki = new Ehi.Testing.TestPki();
        string mirror = Path.Combine(_dir.FullName, "mirror");
        Directory.CreateDirectory(mirror);
        File.WriteAllText(Path.Combine(mirror, "root-ca.pem"), Ehi.Pki.Files.PemFiles.ToPem([pki.ProcessorRoot.Certificate]));
        File.WriteAllText(Path.Combine(mirror, "issuer-ca.pem"), Ehi.Pki.Files.PemFiles.ToPem([pki.ProcessorIssuing.Certificate]));
        using var server = Ehi.Testing.LoopbackHttpServer.ForDirectory(mirror);

        var (exit, output, error) = await CliRunner.RunAsync("pki", "thredd", "--profile", "sandbox", "--dir", Path.Combine(_dir.FullName, "thredd"), "--base-url", server.BaseUrl);

        Assert.True(exit == 0, error);
        Assert.Contains("Saved Thredd's sandbox CAs", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir.FullName, "thredd", "sandbox", "issuer-ca.pem")));
    }

    [Fact]
    public async Task Thredd_UnknownProfile_IsUsageError()
    {
        var (exit, _, _) = await CliRunner.RunAsync("pki", "thredd", "--profile", "staging");

        Assert.Equal(2, exit);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
