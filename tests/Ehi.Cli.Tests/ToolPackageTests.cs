using System.Diagnostics;
using System.Text.RegularExpressions;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary>The <c>ehi</c> .NET tool as a user gets it: packed from this checkout, installed with
/// <c>dotnet tool install --tool-path</c> from the local package, started without the ./ehi
/// wrapper, and put through the guide's three checks.</summary>
public sealed partial class ToolPackageTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ehi-tool-");

    [Fact]
    public async Task PackedTool_InstallsAndServesDev_WithTheShippedOpenSslDefaults()
    {
        // Given the tool packed from the checkout under a version no cache has seen
        string packages = Path.Combine(_dir.FullName, "packages");
        string tools = Path.Combine(_dir.FullName, "tools");
        string version = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        var pack = await Dotnet(privateCache: false, ["pack", Repository.File("src", "Ehi.Cli", "Ehi.Cli.csproj"), "-c", "Release", "-o", packages, "-p:PackageVersion=" + version, "--nologo"]);
        Assert.True(pack.ExitCode == 0, "dotnet pack failed:\n" + pack.All);
        Assert.DoesNotContain("NU5118", pack.All, StringComparison.Ordinal);

        // When it is installed from that package into a tool path
        var install = await Dotnet(privateCache: true, ["tool", "install", "Ehi.Host", "--tool-path", tools, "--add-source", packages, "--version", version]);
        Assert.True(install.ExitCode == 0, "dotnet tool install failed:\n" + install.All);
        string ehi = Path.Combine(tools, "ehi");
        Assert.True(File.Exists(ehi), "the installed tool has no ehi command");

        // And `ehi serve --dev` is started from it, with no OPENSSL_CONF in its environment
        string work = Directory.CreateDirectory(Path.Combine(_dir.FullName, "work")).FullName;
        var start = new ProcessStartInfo(ehi) { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment.Remove("OPENSSL_CONF");
        foreach (string arg in new[] { "serve", "--dev", "--listen", "127.0.0.1:0", "--admin-listen", "off" })
        {
            start.ArgumentList.Add(arg);
        }

        using var server = Process.Start(start)!;
        try
        {
            var banner = await ServeBanner.ReadAsync(server);
            output.WriteLine(banner.Text);

            // Then it has the same cipher policy and cached SSL context as ./ehi
            Assert.Contains("restricted by the OpenSSL configuration", banner.Text, StringComparison.Ordinal);
            string[] commands = [.. banner.Text.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("openssl ", StringComparison.Ordinal) || l.StartsWith("curl ", StringComparison.Ordinal))];
            Assert.Equal(3, commands.Length);

            // And the guide's three checks pass as printed
            var sClient = await ExternalTool.RunAsync("bash", ["-c", commands[0]]);
            var noCert = await ExternalTool.RunAsync("bash", ["-c", commands[1]]);
            var withCert = await ExternalTool.RunAsync("bash", ["-c", commands[2]]);
            Assert.Equal(3, DepthVerified().Matches(sClient.All).Count);
            Assert.Contains("Acceptable client certificate CA names", sClient.All, StringComparison.Ordinal);
            Assert.Contains("No required SSL certificate was sent", noCert.Stdout, StringComparison.Ordinal);
            Assert.Contains("""{"Acknowledgement":"0"}""", withCert.Stdout, StringComparison.Ordinal);

            // And a CBC suite is refused by OpenSSL's defaults, not offered
            int port = banner.Port;
            var cbc = await ExternalTool.RunAsync("openssl", ["s_client", "-connect", $"127.0.0.1:{port}", "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA256"], string.Empty);
            Assert.DoesNotContain("Cipher is ECDHE-ECDSA-AES128-SHA256", cbc.All, StringComparison.Ordinal);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private async Task<ExternalTool.Result> Dotnet(bool privateCache, string[] args)
    {
        // The install gets a private package cache: the tool installed is the package just packed, never an older copy.
        string[] cache = privateCache ? ["NUGET_PACKAGES=" + Path.Combine(_dir.FullName, "nuget")] : [];
        var result = await ExternalTool.RunAsync("env", [.. cache, "DOTNET_CLI_TELEMETRY_OPTOUT=1", "DOTNET_NOLOGO=1", "dotnet", .. args], timeout: TimeSpan.FromMinutes(8));
        output.WriteLine($"dotnet {string.Join(' ', args)} -> {result.ExitCode}");
        return result;
    }

    [GeneratedRegex(@"depth=\d .*\nverify return:1")]
    private static partial Regex DepthVerified();


    public void Dispose() => _dir.Delete(recursive: true);
}
