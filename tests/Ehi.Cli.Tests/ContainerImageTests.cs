using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary>The container image without a container engine (this machine reaches no container
/// registry, so no base image can be pulled): the shipped Containerfile is read, and what its image
/// runs is run here as it would run there: its ENV, its ENTRYPOINT and CMD, as an unprivileged user,
/// with /app, /etc/ehi and /var/lib/ehi mapped to this build and to temporary directories, and its
/// HEALTHCHECK command deciding when it is healthy.</summary>
public sealed partial class ContainerImageTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ehi-image-");

    [Fact]
    public async Task WhatTheImageRuns_ServesMtlsAsAnUnprivilegedUser_AndItsHealthCheckPasses()
    {
        // Given the Containerfile
        var image = Containerfile.Read(Repository.File("packaging", "container", "Containerfile"));
        Assert.True(image.Stages >= 2, "multi-stage: the SDK builds, the runtime image runs");
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", image.Base, StringComparison.Ordinal);
        Assert.NotEqual("root", image.User);
        Assert.NotEqual("0", image.User);
        Assert.Equal(["/etc/ehi", "/var/lib/ehi"], image.Volumes);
        Assert.Equal("/app/openssl-ehi.cnf", image.Env["OPENSSL_CONF"]);
        Assert.Equal("0x2000000", image.Env["DOTNET_GCgen0size"]);
        Assert.Contains("status", image.HealthCheck);

        // And what a user mounts: the certificates with a settings file naming them, an empty data volume
        string etc = Path.Combine(_dir.FullName, "etc-ehi"), data = Path.Combine(_dir.FullName, "var-lib-ehi"), home = Path.Combine(_dir.FullName, "home");
        Assert.Equal(0, (await CliRunner.RunAsync("pki", "dev", "--dir", etc)).Exit);
        Directory.CreateDirectory(data);
        Directory.CreateDirectory(home);
        int port = LoopbackHttpServer.FreePort(), admin = LoopbackHttpServer.FreePort();
        string Map(string text) => text
            .Replace("/app/", AppContext.BaseDirectory, StringComparison.Ordinal)
            .Replace("/etc/ehi", etc, StringComparison.Ordinal)
            .Replace("/var/lib/ehi", data, StringComparison.Ordinal)
            .Replace(":8443", ":" + port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace(":8444", ":" + admin.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("0.0.0.0:", "127.0.0.1:", StringComparison.Ordinal); // -p publishes it; the test stays on loopback
        await File.WriteAllTextAsync(Path.Combine(etc, "appsettings.json"), Map("""
            { "Ehi": { "Tls": {
                "CertificatePath": "/etc/ehi/server-fullchain.pem", "KeyPath": "/etc/ehi/server.key",
                "TrustPaths": [ "/etc/ehi/processor-ca-bundle.pem" ] } } }
            """));
        await RunAsync("chown", "-R", "nobody:nogroup", etc, data, home);
        await RunAsync("chmod", "755", _dir.FullName); // a temporary directory is 0700: the user must reach its mounts
        var environment = image.Env.ToDictionary(e => e.Key, e => Map(e.Value));
        environment["HOME"] = home;

        // When its ENTRYPOINT and CMD run as an unprivileged user
        using var server = Start(environment, data, [.. image.EntryPoint.Concat(image.Command).Select(Map)]);
        try
        {
            // Then its health check passes once it serves
            var healthy = (Exit: -1, Text: string.Empty);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            while (healthy.Exit != 0 && DateTime.UtcNow < deadline && !server.HasExited)
            {
                await Task.Delay(1000);
                healthy = await RunAsNobodyAsync(environment, data, [.. image.HealthCheck.Select(Map)]);
            }

            output.WriteLine(healthy.Text);
            output.WriteLine(string.Join('\n', _serverLines));
            Assert.Equal(0, healthy.Exit);
            Assert.Contains(": ready", healthy.Text, StringComparison.Ordinal);
            // The runtime took the image's young-generation budget (it reads it only from the environment).
            Assert.Contains("GC young generation budget up to 32 MiB (DOTNET_GCgen0size)", string.Join('\n', _serverLines), StringComparison.Ordinal);

            // And Thredd's certificate gets an answer, no certificate gets the guide's 400
            string url = $"https://localhost:{port}/ehi";
            var withCertificate = await ExternalTool.RunAsync("curl", ["-sS", "--max-time", "20", "--cacert", Path.Combine(etc, "host-root-ca.pem"), "--cert", Path.Combine(etc, "client.pem"), "--key", Path.Combine(etc, "client.key"), "-H", "Content-Type: application/json", "-d", "{\"foo\": \"bar\"}", "-w", " %{http_code}", url]);
            Assert.EndsWith(" 200", withCertificate.Stdout, StringComparison.Ordinal);
            var without = await ExternalTool.RunAsync("curl", ["-sS", "--max-time", "20", "--cacert", Path.Combine(etc, "host-root-ca.pem"), "-w", " %{http_code}", url]);
            Assert.Contains("No required SSL certificate was sent", without.Stdout, StringComparison.Ordinal);

            // And it writes only to its volume, as that user
            string journal = Assert.Single(Directory.GetFiles(data, "*.db", SearchOption.AllDirectories));
            Assert.Equal("nobody", (await RunAsync("stat", "-c", "%U", journal)).Text.Trim());

            // And `podman stop` (SIGTERM) stops it cleanly
            Assert.Equal(0, (await RunAsync("kill", "-TERM", server.Id.ToString(CultureInfo.InvariantCulture))).Exit);
            await server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, server.ExitCode);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }
        }
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _serverLines = new();

    private Process Start(Dictionary<string, string> environment, string workingDirectory, string[] command)
    {
        var start = new ProcessStartInfo("setpriv") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in (string[])["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", .. command])
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => _serverLines.Enqueue(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => _serverLines.Enqueue(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<(int Exit, string Text)> RunAsNobodyAsync(Dictionary<string, string> environment, string workingDirectory, string[] command)
    {
        var result = await ExternalTool.RunAsync("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", .. command], environment: environment);
        return (result.ExitCode, result.All);
    }

    private static async Task<(int Exit, string Text)> RunAsync(string file, params string[] args)
    {
        var result = await ExternalTool.RunAsync(file, args);
        return (result.ExitCode, result.All);
    }

    /// <summary>The instructions of a Containerfile that say what its image runs.</summary>
    private sealed record Containerfile(int Stages, string Base, string User, string[] Volumes, Dictionary<string, string> Env, string[] HealthCheck, string[] EntryPoint, string[] Command)
    {
        public static Containerfile Read(string path)
        {
            // Continuation lines joined, comments dropped.
            var lines = Regex.Replace(File.ReadAllText(path), @"\\\r?\n\s*", " ").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
            var froms = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
            int last = lines.LastIndexOf(froms[^1]);
            var final = lines.Skip(last).ToList();
            string Arg(string instruction) => final.LastOrDefault(l => l.StartsWith(instruction + " ", StringComparison.Ordinal))?[(instruction.Length + 1)..].Trim() ?? string.Empty;
            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string line in final.Where(l => l.StartsWith("ENV ", StringComparison.Ordinal)))
            {
                foreach (Match m in EnvPair().Matches(line[4..]))
                {
                    env[m.Groups[1].Value] = m.Groups[2].Value;
                }
            }

            string health = Arg("HEALTHCHECK");
            return new Containerfile(
                froms.Count,
                froms[^1][5..].Trim(),
                Arg("USER"),
                JsonSerializer.Deserialize<string[]>(Arg("VOLUME"))!,
                env,
                JsonSerializer.Deserialize<string[]>(health[health.IndexOf('[', StringComparison.Ordinal)..])!,
                JsonSerializer.Deserialize<string[]>(Arg("ENTRYPOINT"))!,
                JsonSerializer.Deserialize<string[]>(Arg("CMD"))!);
        }
    }

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)=(\S+)")]
    private static partial Regex EnvPair();
}
