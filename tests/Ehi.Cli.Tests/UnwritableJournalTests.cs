using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary>`ehi serve` on an existing journal that opens but cannot be written (an immutable file,
/// chattr +i, since CI runs as root and file modes do not stop root): it refuses to start with one
/// sentence naming the journal and the fix, instead of reporting itself up and answering "resend".</summary>
public sealed class UnwritableJournalTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ehi-unwritable-");

    [Fact]
    public async Task ImmutableJournalFile_RefusesToStart_NamingThePathAndTheFix()
    {
        // Given a journal made by a first, cleanly stopped run
        string journal = Path.Combine(_dir.FullName, "data", "journal.db");
        using (var first = EhiProcess.Start(_dir.FullName, "serve", "--dev", "--listen", "127.0.0.1:0", "--admin-listen", "off", "--data", "data"))
        {
            await WaitForAsync(first, "listening on");
            using (var term = System.Diagnostics.Process.Start("kill", ["-TERM", first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            {
                await term.WaitForExitAsync();
            }

            await first.WaitForExitAsync();
            Assert.Equal(0, first.ExitCode);
        }

        Assert.True(File.Exists(journal));
        await ChattrAsync("+i", journal);
        try
        {
            // When serve starts on it
            using var second = EhiProcess.Start(_dir.FullName, "serve", "--dev", "--listen", "127.0.0.1:0", "--admin-listen", "off", "--data", "data");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            string stdout = await second.StandardOutput.ReadToEndAsync(timeout.Token);
            string stderr = await second.StandardError.ReadToEndAsync(timeout.Token);
            await second.WaitForExitAsync(timeout.Token);

            // Then it exits 4 without listening, naming the journal and what to do
            Assert.Equal(4, second.ExitCode);
            Assert.DoesNotContain("listening on", stdout, StringComparison.Ordinal);
            Assert.Contains("error: failed to start the server: data/journal.db cannot be written", stderr, StringComparison.Ordinal);
            output.WriteLine(stderr);
            Assert.Contains("writable by the service user", stderr, StringComparison.Ordinal);
        }
        finally
        {
            await ChattrAsync("-i", journal);
        }
    }

    private static async Task WaitForAsync(System.Diagnostics.Process process, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync(timeout.Token)) is not null && !line.Contains(text, StringComparison.Ordinal))
        {
        }

        Assert.True(line is not null, "ehi serve never printed '" + text + "'");
    }

    private static async Task ChattrAsync(string flag, string file)
    {
        var result = await ExternalTool.RunAsync("chattr", [flag, file]);
        Assert.True(result.ExitCode == 0, "chattr failed: " + result.All);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
