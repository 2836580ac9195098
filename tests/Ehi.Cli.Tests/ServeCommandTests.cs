using System.Diagnostics;
using System.Text.RegularExpressions;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary>`ehi serve` as a user runs it: a real process, the printed guide commands pasted into a shell.</summary>
public sealed partial class ServeCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ehi-serve-");

    [Fact]
    public async Task ServeDev_PrintedGuideCommandsPass_AndSigtermExitsCleanly()
    {
        // Given `ehi serve --dev` started in an empty directory
        using var process = EhiProcess.Start(_dir.FullName, "serve", "--dev", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0");
        string banner = await ReadUntilAsync(process, "Stop with Ctrl+C");
        output.WriteLine(banner);
        Assert.Contains("Created a dev PKI", banner, StringComparison.Ordinal);
        Assert.Contains("trusted client CA   CN=ehi dev Processor Root CA", banner, StringComparison.Ordinal);
        Assert.Contains("trusted client CA   CN=ehi dev Processor Issuing CA", banner, StringComparison.Ordinal);
        Assert.Contains("processor-issuing-ca.crl", banner, StringComparison.Ordinal);
        string[] commands = [.. banner.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("openssl ", StringComparison.Ordinal) || l.StartsWith("curl ", StringComparison.Ordinal))];
        Assert.Equal(3, commands.Length);

        // When the three printed commands are pasted into a shell
        var sClient = await ExternalTool.RunAsync("bash", ["-c", commands[0]]);
        var noCert = await ExternalTool.RunAsync("bash", ["-c", commands[1]]);
        var withCert = await ExternalTool.RunAsync("bash", ["-c", commands[2]]);

        // Then they show what the guide says they should
        Assert.Equal(3, DepthVerified().Matches(sClient.All).Count);
        Assert.Contains("Acceptable client certificate CA names", sClient.All, StringComparison.Ordinal);
        Assert.Contains("< HTTP/1.1 400 Bad Request", noCert.All, StringComparison.Ordinal);
        Assert.Contains("No required SSL certificate was sent", noCert.Stdout, StringComparison.Ordinal);
        Assert.Contains("< HTTP/1.1 200 OK", withCert.All, StringComparison.Ordinal);
        Assert.Contains("""{"Acknowledgement":"0"}""", withCert.Stdout, StringComparison.Ordinal);

        // And SIGTERM stops the server with exit code 0, the journal closed (its WAL checkpointed away)
        Assert.Equal(0, await KillAsync(process.Id));
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        Assert.Equal(0, process.ExitCode);
        Assert.True(File.Exists(Path.Combine(_dir.FullName, ".ehi", "data", "journal.db")));
        Assert.False(File.Exists(Path.Combine(_dir.FullName, ".ehi", "data", "journal.db-wal")), "the journal was not closed on shutdown");
    }

    [Fact]
    public async Task Serve_BadConfiguration_ListsEveryProblemAndExits4()
    {
        using var process = EhiProcess.Start(_dir.FullName, "serve", "--cert", "missing.pem", "--key", "missing.key", "--allow-ip", "not-an-ip", "--listen", "x");
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(4, process.ExitCode);
        Assert.StartsWith("error: failed to start the server: the configuration has 4 problems:", error, StringComparison.Ordinal);
        Assert.Contains("Ehi:Listen 'x' is not ADDRESS:PORT", error, StringComparison.Ordinal);
        Assert.Contains("Ehi:AllowIps entry 'not-an-ip'", error, StringComparison.Ordinal);
        Assert.Contains("No client trust is configured", error, StringComparison.Ordinal);
        Assert.Contains($"The certificate file missing.pem does not exist.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_SettingsFromEhiDoubleUnderscoreEnvironmentVariables_AreUsed()
    {
        // Given the listen addresses only in the environment, in .NET's EHI__Section__Key form
        var env = new Dictionary<string, string> { ["EHI__Listen"] = "127.0.0.1:0", ["EHI__Admin__Listen"] = "off", ["EHI__Path"] = "/from-env" };
        using var process = EhiProcess.Start(_dir.FullName, env, "serve", "--dev");
        try
        {
            // Then the server listens where they say
            string banner = await ReadUntilAsync(process, "Stop with Ctrl+C");
            Assert.Matches(@"listening on 127\.0\.0\.1:\d+ \(EHI path /from-env\)", banner);
            Assert.Contains("admin API off", banner, StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Serve_WrongValueInTheEnvironment_StopsTheStartNamingTheSetting()
    {
        var env = new Dictionary<string, string> { ["EHI__Tls__StaleCrl"] = "sometimes", ["EHI__Listen"] = "127.0.0.1:0" };
        using var process = EhiProcess.Start(_dir.FullName, env, "serve", "--dev");
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(4, process.ExitCode);
        Assert.Contains("Ehi:Tls:StaleCrl", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_ProxyProtocolWithoutTrustedProxy_SaysWhichFlagIsMissingAndExits4()
    {
        var (exit, _, error) = await CliRunner.RunAsync("serve", "--dev", "--pki-dir", Path.Combine(_dir.FullName, "pki"), "--data", Path.Combine(_dir.FullName, "data"), "--listen", "127.0.0.1:0", "--admin-listen", "off", "--proxy-protocol");

        Assert.Equal(4, exit);
        Assert.Contains("Ehi:ProxyProtocol:Enabled is on but Ehi:ProxyProtocol:TrustedProxies is empty; name the load balancer's address or range with --trusted-proxy", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    private static async Task<string> ReadUntilAsync(Process process, string marker)
    {
        var text = new System.Text.StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!text.ToString().Contains(marker, StringComparison.Ordinal))
        {
            string? line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                throw new InvalidOperationException("ehi serve exited early: " + text + await process.StandardError.ReadToEndAsync());
            }

            text.AppendLine(line);
        }

        return text.ToString();
    }

    private static async Task<int> KillAsync(int pid)
    {
        using var kill = Process.Start("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
        return kill.ExitCode;
    }

    [GeneratedRegex(@"depth=\d .*\nverify return:1")]
    private static partial Regex DepthVerified();

    public void Dispose() => _dir.Delete(recursive: true);
}
