using Ehi.Core.Messages;
using Ehi.Processing.Journal;

namespace Ehi.Processing.Storage;

/// <summary>The journal port: durable, append-only storage of every EHI message with its answer,
/// the Cut-Offs and the refused bodies. Every write returns only after it is durable. A backend
/// (SQLite, PostgreSQL) implements it in its own project; failures surface as
/// <see cref="JournalUnavailableException"/>, which the processor answers with "resend".</summary>
public interface IJournalStore
{
    /// <summary>The stored answer for a key, if the message was seen.</summary>
    ValueTask<StoredAnswer?> FindAnswerAsync(JournalKey key, CancellationToken cancellationToken);

    /// <summary>The stored entry for a key (without bodies), for reconciliation.</summary>
    ValueTask<JournalEntry?> FindEntryAsync(JournalKey key, CancellationToken cancellationToken);

    /// <summary>Runs one message's transaction: reads what the unit asks for (locking its cards),
    /// builds the entry and its ledger effects, and commits entry, effects and answer together.
    /// When the key is already journalled (here or by another host), nothing is applied and the
    /// stored answer is returned.</summary>
    ValueTask<AppendOutcome> CommitAsync(MessageUnit unit, CancellationToken cancellationToken);

    /// <summary>Runs a message's transaction the whole way (reads, build, writes) and rolls it back
    /// instead of committing: nothing is stored. The host does this before it reports ready, so the
    /// first real message does not pay for compiling the write path; a store whose write path needs
    /// no warming does nothing.</summary>
    ValueTask RehearseAsync(MessageUnit unit, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Records a decision that arrived after its deadline.</summary>
    ValueTask RecordLateDecisionAsync(JournalKey key, string lateDecision, CancellationToken cancellationToken);

    /// <summary>Records a refused body; durable on return.</summary>
    ValueTask RecordRejectedAsync(RejectedMessage rejected, CancellationToken cancellationToken);

    /// <summary>The stored answer of a Cut-Off, if seen.</summary>
    ValueTask<StoredAnswer?> FindCutOffAnswerAsync(long cutOffId, CancellationToken cancellationToken);

    /// <summary>Counts journalled messages with TXn_ID in [first, last] per Cut-Off category.</summary>
    ValueTask<CutOffCounts> CountAsync(long firstTxnId, long lastTxnId, CancellationToken cancellationToken);

    /// <summary>Appends a Cut-Off unless its id exists; durable on return.</summary>
    ValueTask<AppendOutcome> AppendCutOffAsync(CutOffRecord record, CancellationToken cancellationToken);

    /// <summary>Lists entries matching a query, oldest first.</summary>
    IAsyncEnumerable<JournalEntry> ListAsync(JournalQuery query, CancellationToken cancellationToken);

    /// <summary>Lists the journalled Cut-Offs, oldest first.</summary>
    IAsyncEnumerable<CutOffRecord> ListCutOffsAsync(CancellationToken cancellationToken);

    /// <summary>Lists the refused bodies, oldest first.</summary>
    IAsyncEnumerable<RejectedMessage> ListRejectedAsync(CancellationToken cancellationToken);

    /// <summary>Records a TXn_ID content conflict; durable on return. Never changes the stored answer.</summary>
    ValueTask RecordConflictAsync(TxnConflict conflict, CancellationToken cancellationToken);

    /// <summary>Lists TXn_ID content conflicts detected at or after <paramref name="since"/> (all when
    /// null), oldest first, at most <paramref name="limit"/>.</summary>
    IAsyncEnumerable<TxnConflict> ListConflictsAsync(DateTimeOffset? since, int limit, CancellationToken cancellationToken);
}
