using System.Diagnostics;
using System.Threading.Channels;
using Ehi.Processing.Journal;
using Ehi.Processing.Ledger;
using Ehi.Processing.Storage;
using Npgsql;

namespace Ehi.Storage.Postgres;

/// <summary>Group commit: messages that arrive while this host's transactions are in flight are
/// committed together in the next one, in the same two round trips one message takes (their cards
/// locked in one statement in token order, then every entry and effect, then COMMIT). A group holds
/// messages for different cards only, so no message decides on a card another one of the group
/// changes; a later message for a card already in the group waits for the next group. When a
/// group's transaction fails (another host journalled one of its keys meanwhile, a deadlock), it is
/// rolled back and each of its messages is committed on its own, so one message's conflict never
/// aborts the others.</summary>
public sealed partial class PostgresStore
{
    // Transactions of one host in flight at once, and the most messages in one. One: what arrives
    // while it is in flight forms the next group, so groups are larger and each message costs fewer
    // round trips. Against two writers (A/B on the 2-core bench machine, 2026-12-07, alternating
    // runs): one host's saturation 2,351-2,376 -> 2,716-2,776 messages/s; two hosts behind HAProxy
    // 1,758 and 1,416 -> 1,990 and 2,114 messages/s, ehi 514-649 -> 414 and PostgreSQL 421-515 ->
    // 290-324 µs of CPU per message. A group that waits for a hot card's row lock held by the other
    // host holds up the rest of its host meanwhile (p99.9 at half of two hosts' saturation 28-36 ->
    // 30-45 ms); a group locks its cards in one statement, in token order.
    private const int GroupWriters = 1;
    private const int MaxGroup = 32;

    private readonly Channel<PendingUnit> _pending = Channel.CreateUnbounded<PendingUnit>(new UnboundedChannelOptions { SingleReader = false });
    private readonly object _deferredLock = new();
    private readonly Queue<PendingUnit> _deferred = new();
    private Task[] _writers = [];

    /// <inheritdoc />
    public async ValueTask<AppendOutcome> CommitAsync(MessageUnit unit, CancellationToken cancellationToken)
    {
        var pending = new PendingUnit(unit, Tokens(unit.Reads));
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new JournalUnavailableException("the journal is closed");
        }

        return await pending.Outcome.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask RehearseAsync(MessageUnit unit, CancellationToken cancellationToken)
    {
        // Both ways a message can commit: on its own, and in a group.
        await CommitOneAsync(unit, cancellationToken, rehearse: true).ConfigureAwait(false);
        await TryCommitTogetherAsync([new PendingUnit(unit, Tokens(unit.Reads))], rehearse: true).ConfigureAwait(false);
    }

    private void StartWriters() =>
        _writers = [.. Enumerable.Range(0, GroupWriters).Select(_ => Task.Run(WriteGroupsAsync))];

    private async Task StopWritersAsync()
    {
        _pending.Writer.TryComplete();
        await Task.WhenAll(_writers).ConfigureAwait(false);
    }

    private async Task WriteGroupsAsync()
    {
        // Deferred messages are taken before waiting for new ones: nothing else would wake us for them.
        while (HasDeferred() || await _pending.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var group = TakeGroup();
            if (group.Count == 0)
            {
                continue;
            }

            await CommitGroupAsync(group).ConfigureAwait(false);
        }
    }

    private bool HasDeferred()
    {
        lock (_deferredLock)
        {
            return _deferred.Count > 0;
        }
    }

    // Messages deferred by an earlier group come first (their order is kept), then what is queued.
    // A message whose card or key is already in the group is deferred to the next one.
    private List<PendingUnit> TakeGroup()
    {
        var group = new List<PendingUnit>();
        var cards = new HashSet<long>();
        var keys = new HashSet<JournalKey>();
        var later = new List<PendingUnit>();
        lock (_deferredLock)
        {
            while (group.Count < MaxGroup && _deferred.TryDequeue(out var unit))
            {
                Place(unit);
            }
        }

        while (group.Count < MaxGroup && _pending.Reader.TryRead(out var unit))
        {
            Place(unit);
            if (unit.Tokens is null)
            {
                break;
            }
        }

        if (later.Count > 0)
        {
            lock (_deferredLock)
            {
                foreach (var unit in later)
                {
                    _deferred.Enqueue(unit);
                }
            }
        }

        return group;

        void Place(PendingUnit unit)
        {
            // A unit that reads a range of cards (bulk work, no token list) goes alone.
            bool fits = group.Count == 0
                || (unit.Tokens is not null && group[0].Tokens is not null && !keys.Contains(unit.Unit.Key) && !unit.Tokens.Any(cards.Contains));
            if (!fits)
            {
                later.Add(unit);
                return;
            }

            keys.Add(unit.Unit.Key);
            cards.UnionWith(unit.Tokens ?? []);
            group.Add(unit);
        }
    }

    private async Task CommitGroupAsync(List<PendingUnit> group)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            await CommitGroupCoreAsync(group).ConfigureAwait(false);
        }
        finally
        {
            JournalMetrics.CommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, JournalMetrics.Postgres);
            JournalMetrics.BatchSize.Record(group.Count, JournalMetrics.Postgres);
        }
    }

    private async Task CommitGroupCoreAsync(List<PendingUnit> group)
    {
        if (group.Count == 1)
        {
            await CompleteAsync(group[0], () => CommitOneAsync(group[0].Unit, CancellationToken.None)).ConfigureAwait(false);
            return;
        }

        try
        {
            if (await TryCommitTogetherAsync(group).ConfigureAwait(false))
            {
                return;
            }
        }
        catch (JournalUnavailableException ex)
        {
            foreach (var unit in group)
            {
                unit.Outcome.TrySetException(ex);
            }

            return;
        }

        foreach (var unit in group)
        {
            await CompleteAsync(unit, () => CommitOneAsync(unit.Unit, CancellationToken.None)).ConfigureAwait(false);
        }
    }

    private static async Task CompleteAsync(PendingUnit unit, Func<Task<AppendOutcome>> commit)
    {
        try
        {
            unit.Outcome.TrySetResult(await commit().ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            unit.Outcome.TrySetException(ex);
        }
    }

    // True when the group committed (each message's outcome is set); false when it was rolled back
    // and its messages must be committed one by one.
    private async Task<bool> TryCommitTogetherAsync(List<PendingUnit> group, bool rehearse = false)
    {
        try
        {
            await using var connection = await _data.OpenConnectionAsync().ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
            var snapshots = new LedgerSnapshot[group.Count];
            var existing = new Dictionary<JournalKey, StoredAnswer>();
            var reads = new NpgsqlBatch(connection);
            await using (reads.ConfigureAwait(false))
            {
                long[] tokens = [.. group.SelectMany(u => u.Tokens!).Distinct().Order()];
                if (tokens.Length > 0)
                {
                    var accountsCommand = new NpgsqlBatchCommand($"SELECT {PostgresLedgerRows.AccountColumns} FROM accounts WHERE token = ANY($1) ORDER BY token FOR UPDATE");
                    accountsCommand.Parameters.Add(new() { Value = tokens });
                    reads.BatchCommands.Add(accountsCommand);
                }

                var layouts = group.Select(u => PostgresLedgerRows.AddReads(reads, u.Unit.Reads with { Tokens = [] }, forUpdate: true)).ToArray();
                // By TXn_ID (an index scan whatever the plan); the variant is matched below.
                var answers = new NpgsqlBatchCommand("SELECT txn_id, variant, answer, answer_content_type FROM messages WHERE txn_id = ANY($1)");
                answers.Parameters.Add(new() { Value = group.Select(u => u.Unit.Key.TxnId).Distinct().ToArray() });
                reads.BatchCommands.Add(answers);
                var r = await reads.ExecuteReaderAsync().ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    var accounts = new Dictionary<long, CardAccount>();
                    if (tokens.Length > 0)
                    {
                        while (await r.ReadAsync().ConfigureAwait(false))
                        {
                            var account = PostgresLedgerRows.ReadAccount(r);
                            accounts[account.Token] = account;
                        }

                        await r.NextResultAsync().ConfigureAwait(false);
                    }

                    for (int i = 0; i < group.Count; i++)
                    {
                        var read = await PostgresLedgerRows.ReadSnapshotAsync(r, layouts[i], CancellationToken.None).ConfigureAwait(false);
                        var own = group[i].Unit.Reads.Tokens.Where(accounts.ContainsKey).ToDictionary(t => t, t => accounts[t]);
                        snapshots[i] = read with { Accounts = own };
                    }

                    while (await r.ReadAsync().ConfigureAwait(false))
                    {
                        existing[new JournalKey(r.GetInt64(0), r.GetInt16(1) == 1)] = new StoredAnswer(r.GetFieldValue<byte[]>(2), r.GetString(3));
                    }
                }
            }

            // Each message decides from its own cards; a message journalled already is answered
            // from the journal and applies nothing.
            var outcomes = new AppendOutcome?[group.Count];
            var commits = new List<MessageCommit>();
            for (int i = 0; i < group.Count; i++)
            {
                if (existing.TryGetValue(group[i].Unit.Key, out var stored))
                {
                    outcomes[i] = new AppendOutcome(false, stored);
                    continue;
                }

                var commit = group[i].Unit.Build(snapshots[i]);
                commits.Add(commit);
                outcomes[i] = new AppendOutcome(true, commit.Entry.Answer);
            }

            var writes = new NpgsqlBatch(connection);
            await using (writes.ConfigureAwait(false))
            {
                foreach (var commit in commits)
                {
                    AddInsert(writes, commit.Entry);
                }

                PostgresLedgerRows.AddWrites(writes, Merge(commits.Select(c => c.Effects)));
                if (!rehearse)
                {
                    writes.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
                }

                await writes.ExecuteNonQueryAsync().ConfigureAwait(false);
            }

            if (rehearse)
            {
                await transaction.RollbackAsync().ConfigureAwait(false);
                return true;
            }

            for (int i = 0; i < group.Count; i++)
            {
                group[i].Outcome.TrySetResult(outcomes[i]!);
            }

            return true;
        }
        catch (PostgresException ex) when (!ConnectionLost(ex))
        {
            // A key journalled by another host meanwhile, a deadlock: rolled back, one by one now.
            return false;
        }
        catch (Exception ex) when (Unavailable(ex))
        {
            throw Lost(ex);
        }
        catch (Exception)
        {
            // Anything else (a decision that threw) is for each message's own commit to report.
            return false;
        }
    }

    private static LedgerEffects Merge(IEnumerable<LedgerEffects> all)
    {
        var effects = all.ToArray();
        return new LedgerEffects(
            [.. effects.SelectMany(e => e.Accounts)],
            [.. effects.SelectMany(e => e.Holds)],
            [.. effects.SelectMany(e => e.Postings)],
            [.. effects.SelectMany(e => e.Unmatched)])
        {
            Financials = [.. effects.SelectMany(e => e.Financials)],
        };
    }

    // Every card a unit reads or locks; null when it reads a range of cards (it then goes alone).
    private static long[]? Tokens(LedgerReads reads) =>
        reads.TokenRange is not null
            ? null
            : [.. reads.Tokens.Concat(reads.Holds is { } h ? [h.Token] : []).Concat(reads.Financials is { } f ? [f.Token] : []).Distinct()];

    private sealed record PendingUnit(MessageUnit Unit, long[]? Tokens)
    {
        public TaskCompletionSource<AppendOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
