using Ehi.Processing.Journal;
using Ehi.Processing.Journal.Archive;
using Ehi.Processing.Ledger;
using Ehi.Processing.Storage;
using Ehi.Processing.Tests.Storage;
using Xunit.Abstractions;

namespace Ehi.Processing.Tests.Ledger;

/// <summary>The archive rule and its safe order on each backend, through the processor with the
/// built-in ledger: messages are handed in with the time the server received them (ten days ago, or
/// yesterday), so old entries are made the way the server makes them.</summary>
public abstract class RetentionTests(ITestOutputHelper output, IStoreFactory stores)
{
    private const long C = LedgerFixture.Card;

    [Fact]
    public async Task Archive_TakesSettledWholeTxnIds_KeepsOpenHoldsAndRecentRows_AndACrashBeforeRemovalLosesNothing()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output, balance: 500m);
        var now = DateTimeOffset.UtcNow;
        var old = now.AddDays(-10);
        var recent = now.AddDays(-1);
        await f.SendAsync(Msg.Auth(1, C, 10m, "LC-OPEN"), old);                                    // its hold is still open: stays
        await f.SendAsync(Msg.Auth(2, C, 20m, "LC-SETTLED"), old);                                 // settled by 3: goes
        await f.SendAsync(Msg.Presentment(3, C, 20m, "LC-SETTLED", matching: 2), old);
        await f.SendAsync(Msg.Auth(4, C, 30m, "LC-LATE"), old);                                    // its Thredd decision is recent: both stay
        await f.SendAsync(Msg.Auth(4, C, 30m, "LC-LATE").With("Authorised_by_GPS", "Y").With("Txn_Stat_Code", "I").With("SendingAttemptCount", 1), recent);
        await f.SendAsync(Msg.Auth(5, C, 40m, "LC-UNDONE"), old);                                  // undone by Thredd ten days ago: both go
        await f.SendAsync(Msg.Auth(5, C, 40m, "LC-UNDONE").With("Authorised_by_GPS", "Y").With("Txn_Stat_Code", "I").With("SendingAttemptCount", 1), old);
        await f.SendAsync(Msg.Thredd(null, "L", 6, C, 10m), old);                                 // a load: goes
        await f.SendAsync(Msg.Auth(7, C, 5m, "LC-RECENT"), recent);                                // inside the window: stays
        await f.SendAsync(Msg.Reversal(8, C, 5m, "LC-RECENT"), recent);
        var before = await f.BalancesAsync();
        Assert.Empty(await LedgerVerifier.VerifyAsync(f.Inner.Journal, CancellationToken.None));
        var journalled = await ListAsync(f.Inner.Journal);

        var store = (IJournalRetention)f.Inner.Journal;
        var archiver = new JournalArchiver(store, batchSize: 2, TimeSpan.Zero);
        var cutOff = now.AddDays(-8);

        // A run that stops after writing its archive (the crash between fsync and removal) removes nothing
        using var crashed = new MemoryStream();
        await using (var writer = new JournalArchiveWriter(crashed, Header(cutOff)))
        {
            await archiver.WriteAsync(writer, cutOff, CancellationToken.None);
        }

        Assert.Equal(Sorted(journalled.Keys), Sorted((await ListAsync(f.Inner.Journal)).Keys));

        // The next run archives the same rows again and removes them: duplicates across archives, never a loss
        using var archive = new MemoryStream();
        ArchiveWritten written;
        await using (var writer = new JournalArchiveWriter(archive, Header(cutOff)))
        {
            written = await archiver.WriteAsync(writer, cutOff, CancellationToken.None);
        }

        var removed = await archiver.RemoveAsync(written, CancellationToken.None);
        Assert.Equal(written.Messages.Count, removed.Messages);

        var gone = new[] { Key(2), Key(3), Key(5), Key(5, thredd: true), Key(6) };
        var kept = new[] { Key(1), Key(4), Key(4, thredd: true), Key(7), Key(8) };
        var archived = await ReadAsync(archive);
        Assert.Equal(Sorted(gone), Sorted(archived.Select(e => e.Key)));
        Assert.Equal(Sorted(gone), Sorted((await ReadAsync(crashed)).Select(e => e.Key)));
        Assert.Equal(Sorted(kept), Sorted((await ListAsync(f.Inner.Journal)).Keys));

        // Byte for byte, and the ledger is untouched and still consistent
        Assert.All(archived, e =>
        {
            Assert.True(journalled[e.Key].Body.Span.SequenceEqual(e.Body.Span));
            Assert.True(journalled[e.Key].Answer.Body.Span.SequenceEqual(e.Answer.Body.Span));
            Assert.Equal(journalled[e.Key] with { Body = e.Body, Answer = e.Answer }, e);
        });
        Assert.Equal(before, await f.BalancesAsync());
        Assert.Empty(await LedgerVerifier.VerifyAsync(f.Inner.Journal, CancellationToken.None));

        // A resend of what stayed gets its stored answer; nothing is left to archive
        Assert.Equal(
            """{"Acknowledgement":"1","Responsestatus":"00"}""",
            await f.SendAsync(Msg.Auth(7, C, 5m, "LC-RECENT").With("SendingAttemptCount", 1), now));
        Assert.Empty(await store.ArchivableMessagesAsync(cutOff, 0, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Remove_ABatchWithoutEveryRowOfItsTxnId_RemovesNone()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);
        var old = DateTimeOffset.UtcNow.AddDays(-10);
        await f.SendAsync(Msg.Auth(5, C, 40m, "LC-UNDONE"), old);
        await f.SendAsync(Msg.Auth(5, C, 40m, "LC-UNDONE").With("Authorised_by_GPS", "Y").With("Txn_Stat_Code", "I").With("SendingAttemptCount", 1), old);
        var store = (IJournalRetention)f.Inner.Journal;
        var rows = await store.ArchivableMessagesAsync(old.AddDays(2), 0, 10, CancellationToken.None);
        Assert.Equal(2, rows.Count);

        Assert.Equal(0, await store.RemoveAsync(ArchiveTable.Messages, old.AddDays(2), [rows[0].Row], CancellationToken.None));
        Assert.Equal(2, (await ListAsync(f.Inner.Journal)).Count);
        Assert.Equal(2, await store.RemoveAsync(ArchiveTable.Messages, old.AddDays(2), [.. rows.Select(r => r.Row)], CancellationToken.None));
        Assert.Empty(await ListAsync(f.Inner.Journal));
        Assert.Empty(await LedgerVerifier.VerifyAsync(f.Inner.Journal, CancellationToken.None));
    }

    private static List<JournalKey> Sorted(IEnumerable<JournalKey> keys) => [.. keys.OrderBy(k => k.TxnId).ThenBy(k => k.ThreddDecision)];

    private static JournalKey Key(long txn, bool thredd = false) => new(txn, thredd);

    private static ArchiveHeader Header(DateTimeOffset before) => new(ArchiveHeader.FormatName, ArchiveHeader.CurrentVersion, before, DateTimeOffset.UtcNow, "test");

    private static async Task<Dictionary<JournalKey, JournalEntry>> ListAsync(IEhiStore store)
    {
        var entries = new Dictionary<JournalKey, JournalEntry>();
        await foreach (var entry in store.ListAsync(new JournalQuery { Limit = int.MaxValue }, CancellationToken.None))
        {
            entries.Add(entry.Key, entry);
        }

        return entries;
    }

    private static async Task<List<JournalEntry>> ReadAsync(MemoryStream archive)
    {
        var entries = new List<JournalEntry>();
        using var copy = new MemoryStream(archive.ToArray());
        await foreach (var line in JournalArchiveReader.ReadAsync(copy, CancellationToken.None))
        {
            entries.Add(Assert.IsType<JournalEntry>(line.Message));
        }

        return entries;
    }
}
