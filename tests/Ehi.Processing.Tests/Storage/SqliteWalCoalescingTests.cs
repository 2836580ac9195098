using System.Globalization;
using System.Text;
using Ehi.Processing.Journal;
using Ehi.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Ehi.Processing.Tests.Storage;

/// <summary>The writer's WAL frames reach the kernel in one write call per commit (not two per page),
/// and what is written that way reads back whole: big commits written out in parts, a commit larger
/// than the buffer, and the file checked by SQLite after a reopen. In the collection that runs alone:
/// the count is the kernel's for one thread, and a store another test opened meanwhile has a writer
/// thread of its own.</summary>
[Collection(TimingCollection.Name)]
public sealed class SqliteWalCoalescingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ehi-wal-").FullName;

    [Fact]
    public async Task EachCommit_IsOneWriteCallOfTheWriterThread_NotTwoPerPage()
    {
        var others = WriterThreads();
        await using var store = SqliteStore.Open(_directory);
        // This store's writer: the writer thread that was not there before it opened.
        string writer = Assert.Single(WriterThreads().Except(others));
        await store.CommitAsync(StoreUnits.Message(1, "warm", fail: false), CancellationToken.None);
        long before = WriteCalls(writer);

        const int Commits = 20;
        for (long txn = 100; txn < 100 + Commits; txn++)
        {
            // One at a time: each is its own group commit, touching the messages table and its four
            // indexes (five pages or more: ten write calls each without coalescing).
            await store.CommitAsync(StoreUnits.Message(txn, "a", fail: false, body: new byte[3000]), CancellationToken.None);
        }

        long calls = WriteCalls(writer) - before;
        Assert.True(calls <= Commits + 2, $"{calls} write calls for {Commits} commits");
    }

    [Fact]
    public async Task LargeCommits_ReadBackWhole_AfterReopen()
    {
        // 64 bodies of 200 KiB committed together (~13 MiB: over the 4 MiB buffer and the default
        // VFS's 128 KiB per call), then 200 small ones at once, then a reopen.
        var big = Enumerable.Range(0, 64).Select(i => Body(1000 + i, 200 * 1024)).ToArray();
        await using (var store = SqliteStore.Open(_directory))
        {
            await Task.WhenAll(big.Select((body, i) => store.CommitAsync(StoreUnits.Message(1000 + i, "big", fail: false, body: body), CancellationToken.None).AsTask()));
            await Task.WhenAll(Enumerable.Range(0, 200).Select(i => store.CommitAsync(StoreUnits.Message(5000 + i, "small" + i, fail: false), CancellationToken.None).AsTask()));
        }

        await using (var reopened = SqliteStore.Open(_directory))
        {
            for (int i = 0; i < big.Length; i++)
            {
                var entry = await reopened.FindEntryAsync(new JournalKey(1000 + i, false), CancellationToken.None);
                Assert.NotNull(entry);
                Assert.True(big[i].AsSpan().SequenceEqual(entry.Body.Span), $"body of {1000 + i} differs");
            }

            for (int i = 0; i < 200; i++)
            {
                var answer = await reopened.FindAnswerAsync(new JournalKey(5000 + i, false), CancellationToken.None);
                Assert.Equal("answer small" + i, Encoding.UTF8.GetString(answer!.Body.Span));
            }
        }

        using var check = new SqliteConnection($"Data Source={Path.Combine(_directory, "journal.db")};Mode=ReadOnly;Pooling=False");
        check.Open();
        using var command = check.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", command.ExecuteScalar());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static byte[] Body(int seed, int length)
    {
        var body = new byte[length];
        new Random(seed).NextBytes(body);
        return body;
    }

    // The /proc task directories of this process's journal writer threads (a thread that ends while
    // they are listed is left out).
    private static HashSet<string> WriterThreads()
    {
        var writers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).Trim() == "ehi-journal-wri")
                {
                    writers.Add(task);
                }
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        return writers;
    }

    // write(2)-family calls made by one thread so far (the kernel's per-thread count).
    private static long WriteCalls(string task)
    {
        var line = File.ReadAllLines(Path.Combine(task, "io")).Single(l => l.StartsWith("syscw:", StringComparison.Ordinal));
        return long.Parse(line["syscw:".Length..].Trim(), CultureInfo.InvariantCulture);
    }
}
