using System.Diagnostics;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary>The SQLite journal's files deleted, or replaced by another copy, under a running
/// <c>ehi serve</c>: SQLite would keep writing into the file no one will read again, so the host must
/// stop acknowledging at once (answers "resend"), say which file, and exit non-zero within a bounded
/// time so a supervisor restarts it.</summary>
public sealed class VanishedJournalTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task JournalFilesDeleted_AnswersResend_AndExitsNonZero()
    {
        await RunAsync(journal =>
        {
            foreach (string file in new[] { journal, journal + "-wal", journal + "-shm" })
            {
                File.Delete(file);
            }
        });
    }

    [Fact]
    public async Task JournalFileReplacedByACopy_AnswersResend_AndExitsNonZero()
    {
        await RunAsync(journal =>
        {
            // An older copy renamed over it (as a restore or a careless script would do).
            File.Copy(journal, journal + ".copy");
            File.Move(journal + ".copy", journal, overwrite: true);
        });
    }

    private async Task RunAsync(Action<string> vanish)
    {
        await using var served = await ServedLedger.StartAsync(output);
        string journal = Path.Combine(served.Store[1], "journal.db");
        for (long txn = 1; txn <= 5; txn++)
        {
            Assert.Contains("\"Acknowledgement\":\"1\"", await served.SendAsync(Auth(txn)), StringComparison.Ordinal);
        }

        // A connection already open, as Thredd keeps them
        await using var open = await served.Mtls.OpenAsync();
        var clock = Stopwatch.StartNew();
        vanish(journal);

        // Every message from now on, new or a repeat of an acknowledged one, is answered "resend"
        // (or finds the host gone), never acknowledged
        var first = await open.SendAsync("POST", "/ehi", Auth(6));
        Assert.Equal(200, first.Status);
        Assert.Contains("\"Acknowledgement\":\"0\"", first.Body, StringComparison.Ordinal);
        var answers = new List<string>();
        for (long txn = 1; txn <= 10 && !served.Host.Process.HasExited; txn++)
        {
            try
            {
                answers.Add((await served.Mtls.PostAsync("/ehi", Auth(txn))).Body);
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException)
            {
                answers.Add("(host gone: " + ex.GetType().Name + ")");
            }
        }

        output.WriteLine(string.Join('\n', answers));
        Assert.DoesNotContain(answers, a => a.Contains("\"Acknowledgement\":\"1\"", StringComparison.Ordinal));

        // And the host stops by itself, non-zero, naming the journal
        using var bound = new CancellationTokenSource(ExitBound);
        await served.Host.Process.WaitForExitAsync(bound.Token);
        output.WriteLine($"exited {served.Host.Process.ExitCode} {clock.ElapsedMilliseconds} ms after the journal vanished");
        Assert.Equal(4, served.Host.Process.ExitCode);
        Assert.Contains(served.Host.Logs, l => l.Contains("Journal lost: the journal file " + journal, StringComparison.Ordinal));
        Assert.Contains(served.Host.Logs, l => l.Contains("error: failed to keep serving: the journal file " + journal, StringComparison.Ordinal));
    }

    private static string Auth(long txn) =>
        $$"""{"MTID":"0100","Txn_Type":"A","TXn_ID":{{txn}},"Token":107419774,"Proc_Code":"000000","Bill_Amt":-1.00,"Bill_Ccy":"826","Authorised_by_GPS":"N","SendingAttemptCount":0}""";
}
