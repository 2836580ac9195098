using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ehi.Processing.Journal;
using Ehi.Processing.Journal.Archive;
using Ehi.Testing.Postgres;
using Xunit.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary><c>ehi journal archive</c> against a real <c>ehi serve</c> over mTLS, on SQLite and on
/// PostgreSQL: a simulated day (every scenario and a load) is made ten days old (see
/// <see cref="JournalAging"/>), one of its messages six days old; then the archive runs while a
/// second load runs against the server. Afterwards every message is either in the journal or in the
/// archive, exactly once; what an open hold needs and what the retention window protects stayed;
/// a resend gets its stored answer byte for byte; ledger verify agrees before and after; and the
/// archive reads back through journal list and show byte for byte.</summary>
public sealed class JournalArchiveTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sqlite_ArchiveUnderLoad_NothingLostAndReadsBack()
    {
        await using var served = await ServedLedger.StartAsync(output);
        await ArchiveUnderLoadAsync(served);
    }

    [Fact]
    public async Task Postgres_ArchiveUnderLoad_NothingLostAndReadsBack()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        await using var served = await ServedLedger.StartAsync(output, cluster);
        await ArchiveUnderLoadAsync(served);
    }

    [Fact]
    public async Task Archive_WindowUnderSevenDaysOrDateInsideIt_RefusedWithOneSentenceAndExit2()
    {
        using var dir = new TempDirectory();
        string archive = Path.Combine(dir.Path, "a.jsonl.gz");
        var shortWindow = await CliRunner.RunAsync("journal", "archive", "--before", "2026-01-01", "--out", archive, "--retention-days", "6", "--data", dir.Path);
        Assert.Equal(2, shortWindow.Exit);
        Assert.StartsWith("error: failed to archive the journal: the retention window is 6 days but must be at least 7 (Thredd resends", shortWindow.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", shortWindow.Err, StringComparison.Ordinal);

        string recent = DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var inside = await CliRunner.RunAsync("journal", "archive", "--before", recent, "--out", archive, "--data", dir.Path);
        Assert.Equal(2, inside.Exit);
        Assert.StartsWith($"error: failed to archive the journal: --before {recent}T00:00:00Z is inside the 7-day retention window", inside.Err, StringComparison.Ordinal);

        var wider = await CliRunner.RunAsync("journal", "archive", "--before", DateTime.UtcNow.AddDays(-10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--out", archive, "--retention-days", "14", "--data", dir.Path);
        Assert.Equal(2, wider.Exit);
        Assert.Contains("inside the 14-day retention window", wider.Err, StringComparison.Ordinal);

        var badDate = await CliRunner.RunAsync("journal", "archive", "--before", "01/11/2026", "--out", archive, "--data", dir.Path);
        Assert.Equal(2, badDate.Exit);
        Assert.False(File.Exists(archive));

        // The window from the environment: a value that is not a number is refused, never read as 7
        using var badVariable = EhiProcess.Start(dir.Path, new Dictionary<string, string> { ["EHI__Journal__RetentionDays"] = "ten" }, "journal", "archive", "--before", "2026-01-01", "--out", archive, "--data", dir.Path);
        string error = await badVariable.StandardError.ReadToEndAsync();
        await badVariable.WaitForExitAsync();
        Assert.Equal(2, badVariable.ExitCode);
        Assert.StartsWith("error: failed to archive the journal: EHI__Journal__RetentionDays is 'ten', not a whole number of days", error, StringComparison.Ordinal);
        Assert.False(File.Exists(archive));
    }

    [Fact]
    public async Task Archive_OverAnExistingFileOrReadingANonArchive_OneSentenceAndExit4()
    {
        using var dir = new TempDirectory();
        string existing = Path.Combine(dir.Path, "existing.jsonl.gz");
        await File.WriteAllTextAsync(existing, "keep me");
        string before = DateTime.UtcNow.AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var over = await CliRunner.RunAsync("journal", "archive", "--before", before, "--out", existing, "--data", dir.Path);
        Assert.Equal(4, over.Exit);
        Assert.StartsWith($"error: failed to archive the journal: {existing} already exists", over.Err, StringComparison.Ordinal);
        Assert.Equal("keep me", await File.ReadAllTextAsync(existing));

        var notArchive = await CliRunner.RunAsync("journal", "list", "--archive", existing);
        Assert.Equal(4, notArchive.Exit);
        Assert.StartsWith($"error: failed to read the archive: {existing} is not a journal archive", notArchive.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", notArchive.Err, StringComparison.Ordinal);
        var missing = await CliRunner.RunAsync("journal", "show", "1", "--archive", Path.Combine(dir.Path, "missing.gz"));
        Assert.Equal(4, missing.Exit);
    }

    private async Task ArchiveUnderLoadAsync(ServedLedger served)
    {
        // The old day: every scenario (Thredd decisions, reversals, Cut-Offs, ...) and a load that leaves holds open
        // (malformed-bodies' oversized body can race the server's close on a busy machine: a broken pipe
        // in the simulator, not in what this test checks; the refused bodies it sends are there either way)
        var run = await CliRunner.RunAsync(["simulate", "run", "--all", .. served.Target]);
        Assert.True(run.Exit == 0 || run.Out.Split('\n').Where(l => l.StartsWith("FAIL ", StringComparison.Ordinal)).All(l => l.StartsWith("FAIL malformed-bodies", StringComparison.Ordinal)), run.Out + run.Err);
        var oldLoad = await CliRunner.RunAsync(["simulate", "load", "--rate", "200", "--duration", "5", "--warmup", "0", "--connections", "4", "--cards", "50", "--mix", "auth=60,reversal=10,presentment=30", "--json", .. served.Target]);
        Assert.True(oldLoad.Exit == 0, oldLoad.Out + oldLoad.Err);
        Assert.Equal(400, (await served.Mtls.PostAsync("/ehi", "{not json")).Status);

        await JournalAging.AgeAllAsync(served, TimeSpan.FromDays(10));
        var old = await ReadJournalAsync(served);
        var openHoldTxns = await OpenHoldTxnsAsync(served);
        Assert.Contains(old.Keys, k => openHoldTxns.Contains(k.TxnId));
        Assert.Contains(old.Keys, k => k.ThreddDecision);

        // One old message inside the window: six days old, it must stay and its resend be answered from the journal
        var insideWindow = old.Values.First(e => e.Kind == Ehi.Core.Classification.MessageKind.Presentment && e.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true && !openHoldTxns.Contains(e.Key.TxnId) && !old.ContainsKey(e.Key with { ThreddDecision = true }));
        await JournalAging.AgeOneAsync(served, insideWindow.Key, TimeSpan.FromDays(6));
        old = await ReadJournalAsync(served);

        Assert.Equal(0, (await served.RunOnStoreAsync("ledger", "verify")).Exit);
        var shownBefore = new Dictionary<long, string>();
        foreach (long txn in Samples(old, openHoldTxns))
        {
            var show = await served.RunOnStoreAsync("journal", "show", txn.ToString(CultureInfo.InvariantCulture), "--json");
            Assert.Equal(0, show.Exit);
            shownBefore[txn] = show.Out;
        }

        var listedBefore = await served.RunOnStoreAsync("journal", "list", "--json", "--limit", "100000");
        Assert.Equal(0, listedBefore.Exit);

        // Archive what is more than eight days old while a new load runs against the server
        string archive = Path.Combine(served.Directory, "journal-old.jsonl.gz");
        string before = DateTimeOffset.UtcNow.AddDays(-8).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var newLoad = CliRunner.RunAsync(["simulate", "load", "--rate", "150", "--duration", "6", "--warmup", "0", "--connections", "4", "--cards", "50", "--mix", "auth=60,reversal=10,presentment=30", "--json", .. served.Target]);
        await Task.Delay(1500);
        var clock = Stopwatch.StartNew();
        var archived = await served.RunOnStoreAsync("journal", "archive", "--before", before, "--out", archive, "--json");
        clock.Stop();
        Assert.False(newLoad.IsCompleted, "the archive must run while the load does");
        var load = await newLoad;
        Assert.True(archived.Exit == 0, archived.Out + archived.Err);
        Assert.True(load.Exit == 0, load.Out + load.Err);
        output.WriteLine($"archive: {clock.ElapsedMilliseconds} ms under load\n{archived.Out}\nload meanwhile: {load.Out}");

        // Exactly once: every message is in the journal or in the archive, never both, never neither
        var after = await ReadJournalAsync(served);
        var fromArchive = await ReadArchiveAsync(archive);
        Assert.Equal(fromArchive.Count, fromArchive.Select(e => e.Key).Distinct().Count());
        Assert.Empty(fromArchive.Select(e => e.Key).Intersect(after.Keys));
        foreach (var (key, entry) in old)
        {
            Assert.True(after.ContainsKey(key) ^ fromArchive.Any(e => e.Key == key), $"{key} must be in exactly one of journal and archive");
        }

        using (var report = JsonDocument.Parse(archived.Out))
        {
            var root = report.RootElement;
            Assert.Equal(fromArchive.Count, root.GetProperty("messages").GetInt32());
            Assert.Equal(fromArchive.Count, root.GetProperty("removedMessages").GetInt32());
            Assert.True(root.GetProperty("cutOffs").GetInt32() >= 1);
            Assert.Equal(root.GetProperty("cutOffs").GetInt32(), root.GetProperty("removedCutOffs").GetInt32());
            Assert.True(root.GetProperty("rejected").GetInt32() >= 1);
            Assert.Equal(root.GetProperty("rejected").GetInt32(), root.GetProperty("removedRejected").GetInt32());
            Assert.Equal(new FileInfo(archive).Length, root.GetProperty("bytes").GetInt64());
            Assert.True(root.GetProperty("bodyBytes").GetInt64() > root.GetProperty("bytes").GetInt64());
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(archive));
        }

        // The new load's messages are all in the journal (none was refused or lost while the archive ran)
        using (var loadReport = JsonDocument.Parse(load.Out))
        {
            Assert.Equal(0, loadReport.RootElement.GetProperty("errors").GetInt64());
            Assert.Equal(loadReport.RootElement.GetProperty("answered").GetInt64(), after.Keys.Count(k => !old.ContainsKey(k)));
        }

        // What stayed: every message an open hold belongs to, the one inside the window; the rest of the old day left
        // (the second load runs on the same cards and lifecycles as the first, so it closes some old holds
        // meanwhile: those messages may go; a hold still open now was open when the archive read)
        var stillOpen = (await OpenHoldTxnsAsync(served)).Where(t => old.ContainsKey(new JournalKey(t, false))).ToList();
        Assert.NotEmpty(stillOpen);
        Assert.All(stillOpen, t => Assert.True(after.ContainsKey(new JournalKey(t, false)), $"{t} has an open hold"));
        Assert.True(after.ContainsKey(insideWindow.Key));
        Assert.True(fromArchive.Count > old.Count / 3, $"{fromArchive.Count} of {old.Count} archived");
        Assert.All(fromArchive, e => Assert.True(e.ReceivedAt < DateTimeOffset.Parse(before, CultureInfo.InvariantCulture)));

        // A resend inside the window gets its stored answer, byte for byte
        var resent = await served.Mtls.PostAsync("/ehi", Encoding.UTF8.GetString(insideWindow.Body.Span));
        Assert.Equal(200, resent.Status);
        Assert.Equal(Encoding.UTF8.GetString(insideWindow.Answer.Body.Span), resent.Body);

        // The ledger agrees after as before
        var verified = await served.RunOnStoreAsync("ledger", "verify");
        Assert.True(verified.Exit == 0, verified.Out);

        // The archive reads back byte for byte: bodies and answers, and what show and list print
        foreach (var entry in fromArchive)
        {
            var original = old[entry.Key];
            Assert.True(original.Body.Span.SequenceEqual(entry.Body.Span), $"{entry.Key} body");
            Assert.True(original.Answer.Body.Span.SequenceEqual(entry.Answer.Body.Span), $"{entry.Key} answer");
            Assert.Equal(original with { Body = entry.Body, Answer = entry.Answer }, entry);
        }

        var shownArchived = shownBefore.Where(s => fromArchive.Any(e => e.Key.TxnId == s.Key)).ToList();
        Assert.True(shownArchived.Count >= 2, $"{shownArchived.Count} of the sampled messages were archived");
        foreach (var (txn, shown) in shownArchived)
        {
            var show = await CliRunner.RunAsync("journal", "show", txn.ToString(CultureInfo.InvariantCulture), "--json", "--archive", archive);
            Assert.Equal(0, show.Exit);
            Assert.Equal(shown, show.Out);
            var gone = await served.RunOnStoreAsync("journal", "show", txn.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(1, gone.Exit);
        }

        var listedArchive = await CliRunner.RunAsync("journal", "list", "--json", "--limit", "100000", "--archive", archive);
        Assert.Equal(0, listedArchive.Exit);
        var beforeByKey = Entries(listedBefore.Out);
        var archivedEntries = Entries(listedArchive.Out);
        Assert.Equal(fromArchive.Count, archivedEntries.Count);
        Assert.All(archivedEntries, a => Assert.Equal(beforeByKey[a.Key], a.Value));
        var text = await CliRunner.RunAsync("journal", "list", "--archive", archive, "--txn", fromArchive[0].Key.TxnId.ToString(CultureInfo.InvariantCulture));
        Assert.Contains(fromArchive[0].Key.TxnId.ToString(CultureInfo.InvariantCulture), text.Out, StringComparison.Ordinal);
    }

    // A Thredd decision pair, a presentment and an authorisation among what will be archived
    private static IEnumerable<long> Samples(Dictionary<JournalKey, JournalEntry> old, HashSet<long> openHoldTxns)
    {
        var candidates = old.Values.Where(e => !openHoldTxns.Contains(e.Key.TxnId) && e.ReceivedAt < DateTimeOffset.UtcNow.AddDays(-9)).ToList();
        return new[]
        {
            candidates.FirstOrDefault(e => e.Key.ThreddDecision)?.Key.TxnId,
            candidates.FirstOrDefault(e => e.Kind == Ehi.Core.Classification.MessageKind.Presentment)?.Key.TxnId,
            candidates.FirstOrDefault(e => e.Kind == Ehi.Core.Classification.MessageKind.AuthorisationRequest)?.Key.TxnId,
            candidates.FirstOrDefault(e => e.Flavour != candidates[0].Flavour)?.Key.TxnId,
        }.OfType<long>().Distinct();
    }

    private static Dictionary<(long, bool), string> Entries(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("entries").EnumerateArray()
            .ToDictionary(e => (e.GetProperty("txnId").GetInt64(), e.GetProperty("threddDecision").GetBoolean()), e => e.GetRawText());
    }

    private static async Task<Dictionary<JournalKey, JournalEntry>> ReadJournalAsync(ServedLedger served)
    {
        var entries = new Dictionary<JournalKey, JournalEntry>();
        await using var store = await served.OpenStoreAsync();
        await foreach (var entry in store.ListAsync(new JournalQuery { Limit = int.MaxValue }, CancellationToken.None))
        {
            entries.Add(entry.Key, entry);
        }

        return entries;
    }

    private static async Task<HashSet<long>> OpenHoldTxnsAsync(ServedLedger served)
    {
        var txns = new HashSet<long>();
        await using var store = await served.OpenStoreAsync();
        await using var audit = await store.OpenAuditAsync(CancellationToken.None);
        await foreach (var hold in audit.HoldsAsync(CancellationToken.None))
        {
            if (hold.Open)
            {
                txns.Add(hold.TxnId);
            }
        }

        return txns;
    }

    private static async Task<List<JournalEntry>> ReadArchiveAsync(string path)
    {
        var entries = new List<JournalEntry>();
        await using var file = File.OpenRead(path);
        await foreach (var line in JournalArchiveReader.ReadAsync(file, CancellationToken.None))
        {
            if (line.Message is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    private sealed class TempDirectory : IDisposable
    {
        private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ehi-archive-");

        public string Path => _dir.FullName;

        public void Dispose() => _dir.Delete(recursive: true);
    }
}
