using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary>ehi as a systemd service: the shipped unit passes <c>systemd-analyze verify</c>, the
/// process speaks sd_notify (READY=1 once it listens, STOPPING=1 on SIGTERM) to a real notify
/// socket, and SIGHUP (<c>systemctl reload</c>) re-reads the certificate files at once.</summary>
public sealed class SystemdServiceTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ehi-systemd-");

    [Fact]
    public async Task ShippedUnit_PassesSystemdAnalyzeVerify_AndIsSandboxed()
    {
        string unit = await File.ReadAllTextAsync(Repository.File("packaging", "systemd", "ehi.service"));
        foreach (string line in (string[])["Type=notify", "User=ehi", "ProtectSystem=strict", "NoNewPrivileges=true", "ReadWritePaths=/var/lib/ehi", "ExecReload=/bin/kill -HUP $MAINPID"])
        {
            Assert.Contains(line + "\n", unit, StringComparison.Ordinal);
        }

        // verify checks that ExecStart is executable: point it at the ehi this build made.
        string ehi = Path.Combine(AppContext.BaseDirectory, "ehi");
        string copy = Path.Combine(_dir.FullName, "ehi.service");
        await File.WriteAllTextAsync(copy, unit.Replace("/usr/local/bin/ehi", ehi, StringComparison.Ordinal));
        var (exit, text) = await RunAsync("systemd-analyze", "verify", "--man=no", copy);
        output.WriteLine(text);
        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, text.Trim()); // verify exits 0 on a bad directive too; it only prints it

        // The check itself notices a broken directive (so an empty output above means something).
        await File.WriteAllTextAsync(copy, unit.Replace("Type=notify", "Type=notifyy", StringComparison.Ordinal).Replace("/usr/local/bin/ehi", ehi, StringComparison.Ordinal));
        Assert.Contains("Failed to parse service type", (await RunAsync("systemd-analyze", "verify", "--man=no", copy)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifySocket_GetsReadyOnceListening_AndStoppingOnSigterm()
    {
        string pki = await DevPkiAsync("pki");
        string socketPath = Path.Combine(_dir.FullName, "notify");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));

        await using var host = await EhiHost.StartAsync("notify", _dir.FullName, output, new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath }, "--dev", "--pki-dir", pki, "--data", Path.Combine(_dir.FullName, "data"), "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0");
        Assert.Contains("READY=1", await ReceiveAsync(socket), StringComparison.Ordinal);
        await using (var conn = await new MtlsClient { Port = host.Port, Certificate = ClientCertificate(pki) }.OpenAsync())
        {
            Assert.NotNull(conn.ServerCertificate); // READY meant listening: the handshake works at once
        }

        Assert.Equal(0, (await RunAsync("kill", "-TERM", host.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))).Exit);
        Assert.Contains("STOPPING=1", await ReceiveAsync(socket), StringComparison.Ordinal);
        await host.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, host.Process.ExitCode);
    }

    [HangupFact]
    public async Task Sighup_RereadsTheCertificateFilesAtOnce_AndTheProcessGoesOn()
    {
        // Given a server whose periodic reload is an hour away
        string pki = await DevPkiAsync("pki");
        string renewed = await DevPkiAsync("renewed");
        await using var host = await EhiHost.StartAsync("hup", _dir.FullName, output, new Dictionary<string, string> { ["EHI__Tls__ReloadInterval"] = "01:00:00" }, "--dev", "--pki-dir", pki, "--data", Path.Combine(_dir.FullName, "data"), "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0");
        string before = await ServedThumbprintAsync(host.Port, pki);

        // When the server certificate and key are replaced on disk, nothing changes by itself
        foreach (string file in (string[])["server.pem", "server.key", "server-fullchain.pem"])
        {
            File.Copy(Path.Combine(renewed, file), Path.Combine(pki, file), overwrite: true);
        }

        string expected = X509Certificate2.CreateFromPemFile(Path.Combine(renewed, "server.pem"), Path.Combine(renewed, "server.key")).Thumbprint;
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(before, await ServedThumbprintAsync(host.Port, pki));

        // Then SIGHUP makes the next handshake present the new certificate, and the process goes on
        Assert.Equal(0, (await RunAsync("kill", "-HUP", host.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))).Exit);
        var clock = Stopwatch.StartNew();
        string now = before;
        while (now != expected && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(200);
            now = await ServedThumbprintAsync(host.Port, pki);
        }

        Assert.Equal(expected, now);
        Assert.False(host.Process.HasExited);
        Assert.Contains(host.Logs, l => l.Contains("SIGHUP: TLS files re-read (new material taken)", StringComparison.Ordinal));
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private static X509Certificate2 ClientCertificate(string pki) =>
        X509Certificate2.CreateFromPemFile(Path.Combine(pki, "client.pem"), Path.Combine(pki, "client.key"));

    private static async Task<string> ServedThumbprintAsync(int port, string pki)
    {
        await using var conn = await new MtlsClient { Port = port, Certificate = ClientCertificate(pki) }.OpenAsync();
        return conn.ServerCertificate!.Thumbprint;
    }

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        int n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    private async Task<string> DevPkiAsync(string name)
    {
        string dir = Path.Combine(_dir.FullName, name);
        Assert.Equal(0, (await CliRunner.RunAsync("pki", "dev", "--dir", dir)).Exit);
        return dir;
    }

    private static async Task<(int Exit, string Text)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
