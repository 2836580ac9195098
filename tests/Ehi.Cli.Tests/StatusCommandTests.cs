using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary><c>ehi status</c> against a real <c>ehi serve</c>: ready, not ready, unreachable.</summary>
public sealed partial class StatusCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ehi-statuscmd-");

    [Fact]
    public async Task Status_ReadyServer_Exit0_NotReadyServer_Exit1_NamingTheCheck()
    {
        // Given a healthy dev server, and one whose CRL URL cannot be fetched (stale-CRL policy Refuse)
        string healthyDir = Directory.CreateDirectory(Path.Combine(_dir.FullName, "a")).FullName;
        string brokenDir = Directory.CreateDirectory(Path.Combine(_dir.FullName, "b")).FullName;
        using var healthy = EhiProcess.Start(healthyDir, "serve", "--dev", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0");
        using var broken = EhiProcess.Start(brokenDir, "serve", "--dev", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0", "--crl-url", "http://127.0.0.1:9/issuer.crl");
        try
        {
            string good = (await ServeBanner.ReadAsync(healthy)).Admin;
            string bad = (await ServeBanner.ReadAsync(broken)).Admin;

            // When ehi status asks each
            var (exit, text, _) = await CliRunner.RunAsync("status", "--admin", good);
            output.WriteLine(text);
            Assert.Equal(0, exit);
            Assert.Contains(": ready", text, StringComparison.Ordinal);
            Assert.Matches(@"ok\s+journal\s+.*journal\.db is writable", text);
            Assert.Matches(@"ok\s+tls\s+server certificate", text);

            (exit, text, _) = await CliRunner.RunAsync("status", "--admin", bad);
            output.WriteLine(text);
            Assert.Equal(1, exit);
            Assert.Contains("NOT READY", text, StringComparison.Ordinal);
            Assert.Matches(@"failing\s+crl\s+http://127\.0\.0\.1:9/issuer\.crl has not been fetched yet", text);

            var (jsonExit, json, _) = await CliRunner.RunAsync("status", "--admin", bad, "--json");
            Assert.Equal(1, jsonExit);
            Assert.Equal("not ready", System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("status").GetString());
        }
        finally
        {
            healthy.Kill(entireProcessTree: true);
            broken.Kill(entireProcessTree: true);
            await healthy.WaitForExitAsync();
            await broken.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Status_NothingListening_Exit3WithOneSentence()
    {
        var (exit, _, error) = await CliRunner.RunAsync("status", "--admin", "http://127.0.0.1:9");
        Assert.Equal(3, exit);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }


    public void Dispose() => _dir.Delete(recursive: true);
}
