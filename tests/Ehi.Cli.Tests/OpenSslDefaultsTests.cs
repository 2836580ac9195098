using System.Text.RegularExpressions;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary>With OPENSSL_CONF set to the shipped openssl-ehi.cnf (ehi sets it itself before loading OpenSSL), the server leaves
/// the suite restriction to OpenSSL: the same suites are refused, and sessions resume.</summary>
public sealed partial class OpenSslDefaultsTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ehi-openssl-");

    [Fact]
    public async Task ServeWithoutOpenSslConfInTheEnvironment_UsesTheShippedDefaults_RestrictsSuites_AndResumesSessions()
    {
        // Started as `dotnet ehi.dll`, not through ./ehi: ehi points OpenSSL at its openssl-ehi.cnf itself.
        var env = new Dictionary<string, string> { ["OPENSSL_CONF"] = string.Empty };
        using var server = EhiProcess.Start(_dir.FullName, env, "serve", "--dev", "--listen", "127.0.0.1:0", "--admin-listen", "off");
        try
        {
            var banner = await ServeBanner.ReadAsync(server);
            Assert.Contains("restricted by the OpenSSL configuration", banner.Text, StringComparison.Ordinal);
            int port = banner.Port;
            var pki = new Ehi.Pki.Dev.DevPkiLayout(Path.Combine(_dir.FullName, ".ehi", "pki"));

            // The forbidden suites stay refused; the allowed ones negotiate.
            var cbc = await ExternalTool.RunAsync("openssl", ["s_client", "-connect", $"127.0.0.1:{port}", "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA256"], string.Empty);
            Assert.DoesNotContain("Cipher is ECDHE-ECDSA-AES128-SHA256", cbc.All, StringComparison.Ordinal);
            var chacha = await ExternalTool.RunAsync("openssl", ["s_client", "-connect", $"127.0.0.1:{port}", "-tls1_2", "-cipher", "ECDHE-ECDSA-CHACHA20-POLY1305"], string.Empty);
            Assert.Contains("Cipher is ECDHE-ECDSA-CHACHA20-POLY1305", chacha.All, StringComparison.Ordinal);

            // A session resumes, and the resumed connection is still judged (its request answered 200).
            string session = Path.Combine(_dir.FullName, "session.pem");
            string request = "POST /ehi HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 14\r\nConnection: close\r\n\r\n{\"foo\": \"bar\"}";
            string[] common = ["s_client", "-connect", $"127.0.0.1:{port}", "-tls1_2", "-cert", pki.ClientCert, "-key", pki.ClientKey, "-ign_eof"];
            await ExternalTool.RunAsync("openssl", [.. common, "-sess_out", session], request);
            var resumed = await ExternalTool.RunAsync("openssl", [.. common, "-sess_in", session], request);
            output.WriteLine(resumed.All);
            Assert.Contains("Reused, TLSv1.2", resumed.All, StringComparison.Ordinal);
            Assert.Contains("HTTP/1.1 200 OK", resumed.All, StringComparison.Ordinal);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task ServeWithTheSystemOpenSslConf_EnforcesTheSuitesItself()
    {
        // An operator's own OPENSSL_CONF is left alone; the system defaults are wider, so ehi restricts the suites itself.
        var env = new Dictionary<string, string> { ["OPENSSL_CONF"] = "/usr/lib/ssl/openssl.cnf" };
        using var server = EhiProcess.Start(_dir.FullName, env, "serve", "--dev", "--listen", "127.0.0.1:0", "--admin-listen", "off");
        try
        {
            Assert.Contains("restricted by a .NET policy", (await ServeBanner.ReadAsync(server)).Text, StringComparison.Ordinal);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }


    public void Dispose() => _dir.Delete(recursive: true);
}
