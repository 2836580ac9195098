using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ehi.Cli.Tests;

/// <summary>`ehi serve` stopped by a supervisor at any moment, and started where a port is taken.</summary>
public sealed class ServeShutdownTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ehi-shutdown-");

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(300)]
    public async Task Sigterm_RightAfterListening_ExitsZeroAndClosesTheJournal(int delayMs)
    {
        // Given ehi serve the moment Kestrel reports it listens (before the report is printed)
        using var process = EhiProcess.Start(_dir.FullName, "serve", "--dev", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0", "--data", "data");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        string? line;
        var errors = new System.Text.StringBuilder();
        while ((line = await process.StandardError.ReadLineAsync(timeout.Token)) is not null && !line.Contains("Now listening on", StringComparison.Ordinal))
        {
            errors.AppendLine(line);
        }

        Assert.True(line is not null, "ehi serve never listened: " + errors);
        var rest = process.StandardError.ReadToEndAsync(timeout.Token);

        // When SIGTERM arrives within a few hundred milliseconds
        await Task.Delay(delayMs);
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
        {
            await kill.WaitForExitAsync();
        }

        // Then it exits 0 with the journal closed (no WAL left behind)
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await rest}{await stdout}");
        Assert.True(File.Exists(Path.Combine(_dir.FullName, "data", "journal.db")));
        Assert.False(File.Exists(Path.Combine(_dir.FullName, "data", "journal.db-wal")), "the journal was not closed on shutdown");
    }

    [Fact]
    public async Task AdminPortInUse_NamesTheAdminAddressAndAdminListen()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;

        using var process = EhiProcess.Start(_dir.FullName, "serve", "--dev", "--listen", "127.0.0.1:0", "--admin-listen", $"127.0.0.1:{port}", "--data", "data");
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(4, process.ExitCode);
        Assert.Contains($"listen on 127.0.0.1:{port} (the admin API)", error, StringComparison.Ordinal);
        Assert.Contains("--admin-listen", error, StringComparison.Ordinal);
        Assert.DoesNotContain("--listen ADDRESS:PORT", error, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
