using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Ehi.Core.Classification;
using Ehi.Core.Handling;
using Ehi.Processing.Configuration;
using Ehi.Processing.Decisions;
using Ehi.Processing.Journal;
using Ehi.Processing.Ledger;
using Ehi.Processing.Storage;
using Ehi.Storage.Postgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ehi.Processing.Tests.Storage;

/// <summary>PostgreSQL group commit: messages queued while a transaction is in flight share the next
/// one, each is applied once, and one message's failure never takes its group down.</summary>
[Collection(PostgresCollection.Name)]
public sealed class GroupCommitTests(PostgresStores postgres) : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentBag<int> _groups = [];

    [Fact]
    public async Task ManyCardsAtOnce_TwoProcessorsOnOneStore_GroupedAndEachAppliedOnce()
    {
        // Given one store, 48 funded cards and two processors on it (their in-flight maps are
        // separate, so a copy of each message reaches the store twice)
        Listen();
        await using var store = await PostgresStore.OpenAsync(await postgres.Cluster.CreateDatabaseAsync("group"), CancellationToken.None);
        var cards = new CardAdministration(store, TimeProvider.System);
        var tokens = Enumerable.Range(0, 48).Select(i => 600_000_000L + i).ToArray();
        foreach (long token in tokens)
        {
            Assert.True(await cards.CreateAsync(token, "826", 100m, CardStatuses.Active, CancellationToken.None));
        }

        var a = Processor(store);
        var b = Processor(store);

        // When every card gets an authorisation through both processors at once
        var sends = tokens.SelectMany(t => new[] { Send(a, t), Send(b, t) }).ToArray();
        var answers = await Task.WhenAll(sends);

        // Then both copies got the same answer, every card one hold, and messages shared transactions
        for (int i = 0; i < answers.Length; i += 2)
        {
            Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"00"}""", answers[i]);
            Assert.Equal(answers[i], answers[i + 1]);
        }

        foreach (long token in tokens)
        {
            var card = (await store.GetCardAsync(token, CancellationToken.None))!;
            Assert.Single(card.Holds);
            Assert.Equal(87.50m, card.Account.Actual - card.Account.Blocked);
        }

        Assert.Empty(await LedgerVerifier.VerifyAsync(store, CancellationToken.None));
        Assert.True(_groups.Max() > 1, $"no group held more than one message ({_groups.Count} commits)");
    }

    [Fact]
    public async Task OneMessageThrowsInItsGroup_TheOthersCommit()
    {
        // Given 24 messages queued at once, one of which fails while it is being decided
        Listen();
        await using var store = await PostgresStore.OpenAsync(await postgres.Cluster.CreateDatabaseAsync("groupfail"), CancellationToken.None);
        var commits = Enumerable.Range(1, 24).Select(i => store.CommitAsync(Unit(i, fail: i == 7), CancellationToken.None).AsTask()).ToArray();

        // When they are committed
        await Assert.ThrowsAsync<InvalidOperationException>(() => commits[6]);

        // Then the failing one is not journalled and every other one is, once
        for (int i = 1; i <= 24; i++)
        {
            if (i == 7)
            {
                Assert.Null(await store.FindAnswerAsync(new JournalKey(i, false), CancellationToken.None));
                continue;
            }

            Assert.True((await commits[i - 1]).Stored);
            var stored = await store.FindAnswerAsync(new JournalKey(i, false), CancellationToken.None);
            Assert.Equal($"answer {i}", Encoding.UTF8.GetString(stored!.Body.Span));
        }

        Assert.True(_groups.Max() > 1, $"no group held more than one message ({_groups.Count} commits)");
    }

    [Fact]
    public async Task Rehearsal_RunsTheTransactionOnBothPaths_AndStoresNothing()
    {
        // Given a store with a funded card, and a processor warming up on it
        await using var store = await PostgresStore.OpenAsync(await postgres.Cluster.CreateDatabaseAsync("rehearse"), CancellationToken.None);
        Assert.True(await new CardAdministration(store, TimeProvider.System).CreateAsync(600_000_001, "826", 100m, CardStatuses.Active, CancellationToken.None));
        int built = 0;
        var unit = Unit(42, fail: false);
        var counted = unit with { Reads = LedgerReads.Card(600_000_001), Build = snapshot => { Interlocked.Increment(ref built); return unit.Build(snapshot); } };

        // When a message's transaction is rehearsed, and the processor warms up (it rehearses its probe)
        await store.RehearseAsync(counted, CancellationToken.None);
        await Processor(store).WarmUpAsync();

        // Then the message was decided on both paths (alone and in a group), and nothing was stored
        Assert.Equal(2, built);
        Assert.Null(await store.FindAnswerAsync(new JournalKey(42, false), CancellationToken.None));
        var entries = new List<JournalEntry>();
        await foreach (var e in store.ListAsync(new JournalQuery { Limit = 10 }, CancellationToken.None))
        {
            entries.Add(e);
        }

        Assert.Empty(entries);
        var card = (await store.GetCardAsync(600_000_001, CancellationToken.None))!;
        Assert.Empty(card.Holds);
        Assert.Equal(100m, card.Account.Actual);
        Assert.Empty(await LedgerVerifier.VerifyAsync(store, CancellationToken.None));

        // And the card is not left locked: a real message for it commits at once
        Assert.True((await store.CommitAsync(Unit(43, fail: false) with { Reads = LedgerReads.Card(600_000_001) }, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Stored);
    }

    public void Dispose() => _listener.Dispose();

    private static EhiProcessor Processor(IEhiStore store) =>
        new(store, new LedgerDecider(new LedgerEngine(new LedgerOptions()), TimeProvider.System), new ProcessingOptions { Provider = DecisionProviderKind.Ledger, Budget = TimeSpan.FromSeconds(10) }, TimeProvider.System, NullLogger<EhiProcessor>.Instance);

    private static async Task<string> Send(EhiProcessor processor, long token)
    {
        string body = $$"""{"MTID":"0100","Txn_Type":"A","TXn_ID":{{token - 500_000_000L}},"Token":{{token}},"Proc_Code":"000000","Bill_Amt":-12.50,"Bill_Ccy":"826","Txn_Amt":12.50,"Txn_CCy":"826","Authorised_by_GPS":"N","Txn_GPS_Date":"2025-03-01 07:28:37.526"}""";
        var answer = await Task.Run(() => processor.HandleAsync(new EhiRequest(Encoding.UTF8.GetBytes(body), "application/json", null, null, null, DateTimeOffset.UtcNow), CancellationToken.None).AsTask());
        return Encoding.UTF8.GetString(answer.Body.Span);
    }

    private static MessageUnit Unit(long txn, bool fail) => StoreUnits.Message(txn, txn.ToString(System.Globalization.CultureInfo.InvariantCulture), fail);

    // Sizes of the PostgreSQL group commits of this process (SQLite's carry no postgresql tag).
    private void Listen()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Ehi.Journal" && instrument.Name == "ehi.journal.commit.batch_size")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, size, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "db.system.name" && Equals(tag.Value, "postgresql"))
                {
                    _groups.Add(size);
                }
            }
        });
        _listener.Start();
    }
}
