using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Server.Tests.Interop;

/// <summary>The guide's 4.1.4 checks, driven with the real openssl and curl binaries.</summary>
public sealed class GuideChecksTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestPki _pki = new();

    [Fact]
    public async Task OpensslSClient_EveryDepthVerifiesAndBothProcessorCasAreListed()
    {
        await using var server = await TestServer.StartAsync(_pki, output);

        var result = await ExternalTool.RunAsync("openssl", ["s_client", "-connect", $"127.0.0.1:{server.Port}", "-servername", "localhost", "-CAfile", _pki.HostRootFile], stdin: string.Empty);
        output.WriteLine(result.All);

        // depth 2 (host root), 1 (intermediate, sent by the server), 0 (leaf): all verify
        Assert.Contains("depth=2 O = ehi tests, CN = Test Host Root CA\nverify return:1", result.All, StringComparison.Ordinal);
        Assert.Contains("depth=1 O = ehi tests, CN = Test Host Intermediate CA\nverify return:1", result.All, StringComparison.Ordinal);
        Assert.Contains("depth=0 O = ehi tests, CN = localhost\nverify return:1", result.All, StringComparison.Ordinal);
        Assert.Contains("Verify return code: 0 (ok)", result.All, StringComparison.Ordinal);
        string names = result.All[result.All.IndexOf("Acceptable client certificate CA names", StringComparison.Ordinal)..];
        Assert.Contains("CN = Test Processor Root CA", names.Split("Requested")[0], StringComparison.Ordinal);
        Assert.Contains("CN = Test Processor Issuing CA", names.Split("Requested")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Curl_WithoutCertificate_Gets400NoRequiredCertificatePage()
    {
        await using var server = await TestServer.StartAsync(_pki, output);

        var result = await ExternalTool.RunAsync("curl", ["-sS", "-i", "--cacert", _pki.HostRootFile, $"https://localhost:{server.Port}/ehi", "--resolve", $"localhost:{server.Port}:127.0.0.1"]);
        output.WriteLine(result.All);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("HTTP/1.1 400 Bad Request", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("<head><title>400 No required SSL certificate was sent</title></head>", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("<center>No required SSL certificate was sent</center>", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Curl_WithTransportCertificate_PostFooBar_Gets200()
    {
        await using var server = await TestServer.StartAsync(_pki, output);

        var result = await ExternalTool.RunAsync("curl",
        [
            "-sS", "-i", "--cacert", _pki.HostRootFile, "--cert", _pki.ClientCertFile, "--key", _pki.ClientKeyFile,
            "-X", "POST", "-H", "Content-Type: application/json", "-d", """{"foo": "bar"}""",
            $"https://localhost:{server.Port}/ehi", "--resolve", $"localhost:{server.Port}:127.0.0.1",
        ]);
        output.WriteLine(result.All);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("HTTP/1.1 200 OK", result.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("""{"Acknowledgement":"0"}""", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Curl_GuideExamplePath_WorksWhenConfigured()
    {
        await using var server = await TestServer.StartAsync(_pki, output, s => s["Ehi:Path"] = "/ehim/endpoint/api");

        var result = await ExternalTool.RunAsync("curl",
        [
            "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", _pki.HostRootFile, "--cert", _pki.ClientCertFile, "--key", _pki.ClientKeyFile,
            "-X", "POST", "-H", "Content-Type: application/json", "-d", """{"foo": "bar"}""",
            $"https://localhost:{server.Port}/ehim/endpoint/api", "--resolve", $"localhost:{server.Port}:127.0.0.1",
        ]);

        Assert.Equal("200", result.Stdout);
    }

    public void Dispose() => _pki.Dispose();
}
