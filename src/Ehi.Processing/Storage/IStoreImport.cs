using Ehi.Processing.Journal;
using Ehi.Processing.Ledger;

namespace Ehi.Processing.Storage;

/// <summary>A store that can take a whole journal and ledger from another one (<c>ehi journal copy</c>).</summary>
public interface IStoreImport
{
    /// <summary>True when the store holds no message, Cut-Off, refused body, TXn_ID conflict or card.</summary>
    ValueTask<bool> IsEmptyAsync(CancellationToken cancellationToken);

    /// <summary>Writes everything in one transaction: all of it or nothing.</summary>
    ValueTask ImportAsync(StoreContents contents, CancellationToken cancellationToken);
}

/// <summary>Everything a store holds, in its order.</summary>
/// <param name="Messages">Journal entries, oldest first, with bodies, answers and late decisions.</param>
/// <param name="CutOffs">Cut-Offs.</param>
/// <param name="Rejected">Refused bodies.</param>
/// <param name="Ledger">Accounts (as created), holds (new, in id order), postings and unmatched messages.</param>
public sealed record StoreContents(IReadOnlyList<JournalEntry> Messages, IReadOnlyList<CutOffRecord> CutOffs, IReadOnlyList<RejectedMessage> Rejected, LedgerEffects Ledger)
{
    /// <summary>TXn_ID content conflicts, oldest first.</summary>
    public IReadOnlyList<TxnConflict> Conflicts { get; init; } = [];
}
