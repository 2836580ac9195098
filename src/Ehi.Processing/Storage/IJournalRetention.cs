using Ehi.Processing.Journal;

namespace Ehi.Processing.Storage;

/// <summary>A store whose old journal rows can be archived and then removed (<c>ehi journal
/// archive</c>). A message is archivable when every entry of its TXn_ID (the request and any Thredd
/// decision notification) was received before the cut-off and no open hold belongs to it (the hold
/// it opened, or an open hold of its card in the same lifecycle). The ledger's tables (cards, holds,
/// postings, unmatched and financial messages) are never removed, so <c>ehi ledger verify</c> and
/// later matches (a chargeback months on) keep everything they read. Reads and removals run in
/// short batches on their own connections, so a running server is never held up for long.</summary>
public interface IJournalRetention
{
    /// <summary>Up to <paramref name="limit"/> archivable messages after the row <paramref name="after"/>, in row order.</summary>
    ValueTask<IReadOnlyList<Archivable<JournalEntry>>> ArchivableMessagesAsync(DateTimeOffset before, long after, int limit, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> Cut-Offs received before the cut-off, after the row <paramref name="after"/> (the Cut-Off id).</summary>
    ValueTask<IReadOnlyList<Archivable<CutOffRecord>>> ArchivableCutOffsAsync(DateTimeOffset before, long after, int limit, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> refused bodies received before the cut-off, after the row <paramref name="after"/>.</summary>
    ValueTask<IReadOnlyList<Archivable<RejectedMessage>>> ArchivableRejectedAsync(DateTimeOffset before, long after, int limit, CancellationToken cancellationToken);

    /// <summary>Removes these rows (all read as archivable) in one transaction: a message only
    /// together with every other row of its TXn_ID, which must all be in <paramref name="rows"/> and
    /// received before the cut-off. Returns how many were removed; the rest stay in the journal.</summary>
    ValueTask<int> RemoveAsync(ArchiveTable table, DateTimeOffset before, IReadOnlyList<long> rows, CancellationToken cancellationToken);
}

/// <summary>A row that may be archived, with the store's id for it.</summary>
/// <typeparam name="T">The journal record.</typeparam>
/// <param name="Row">The store's row id (message and refused-body sequence, Cut-Off id).</param>
/// <param name="TxnId">The TXn_ID of a message (0 for other records), so its rows are removed together.</param>
/// <param name="Item">The record.</param>
public sealed record Archivable<T>(long Row, long TxnId, T Item);

/// <summary>The journal tables an archive takes rows from.</summary>
public enum ArchiveTable
{
    /// <summary>Messages with their bodies and answers.</summary>
    Messages,

    /// <summary>Cut-Offs.</summary>
    CutOffs,

    /// <summary>Refused bodies.</summary>
    Rejected,
}
