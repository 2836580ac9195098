using Ehi.Core.Messages;
using Ehi.Processing.Ledger;

namespace Ehi.Processing.Journal;

/// <summary>Durable, append-only storage of every EHI message and its answer. Append returns only
/// after the entry is durable (committed and synced); implementations share one sync among many
/// concurrent appends (group commit). SQLite by default; PostgreSQL implements the same contract.</summary>
public interface IJournal : IAsyncDisposable
{
    /// <summary>The stored answer for a key, if the message was seen.</summary>
    ValueTask<StoredAnswer?> FindAnswerAsync(JournalKey key, CancellationToken cancellationToken);

    /// <summary>The stored entry for a key (without bodies), for reconciliation.</summary>
    ValueTask<JournalEntry?> FindEntryAsync(JournalKey key, CancellationToken cancellationToken);

    /// <summary>Appends an entry unless its key exists; durable on return.</summary>
    ValueTask<AppendOutcome> AppendAsync(JournalEntry entry, CancellationToken cancellationToken);

    /// <summary>Appends the entry that <paramref name="build"/> makes inside the journal transaction,
    /// with the ledger bound to that transaction, so a message and its effects commit together.
    /// When the key exists, <paramref name="build"/> is not called and the stored answer is returned.</summary>
    ValueTask<AppendOutcome> AppendAsync(JournalKey key, Func<ILedgerSession, JournalEntry> build, CancellationToken cancellationToken);

    /// <summary>Runs ledger work (card administration) in its own journal transaction; durable on return.</summary>
    ValueTask<T> ExecuteAsync<T>(Func<ILedgerSession, T> work, CancellationToken cancellationToken);

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
}
