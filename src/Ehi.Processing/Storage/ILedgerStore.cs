using Ehi.Processing.Ledger;

namespace Ehi.Processing.Storage;

/// <summary>The ledger store port: card accounts (read for update), holds, postings and unmatched
/// messages. The rules live in the ledger (<see cref="LedgerEngine"/>, <see cref="LedgerVerifier"/>);
/// a store only reads what a unit asks for and writes the unit's <see cref="LedgerEffects"/>.</summary>
public interface ILedgerStore
{
    /// <summary>Runs ledger work that is not a message (card administration) in its own
    /// transaction; durable on return.</summary>
    ValueTask<T> ExecuteAsync<T>(LedgerUnit<T> unit, CancellationToken cancellationToken);

    /// <summary>A card with its open holds and postings.</summary>
    ValueTask<CardSnapshot?> GetCardAsync(long token, CancellationToken cancellationToken);

    /// <summary>Opens one consistent read-only view of the whole ledger (for verification and copies).</summary>
    ValueTask<ILedgerAudit> OpenAuditAsync(CancellationToken cancellationToken);
}

/// <summary>One consistent read-only view of the ledger and the journal's ledger decisions.</summary>
public interface ILedgerAudit : IAsyncDisposable
{
    /// <summary>Every card account.</summary>
    IAsyncEnumerable<CardAccount> AccountsAsync(CancellationToken cancellationToken);

    /// <summary>Every hold, open or not, by id.</summary>
    IAsyncEnumerable<Hold> HoldsAsync(CancellationToken cancellationToken);

    /// <summary>Every posting leg, in order.</summary>
    IAsyncEnumerable<Posting> PostingsAsync(CancellationToken cancellationToken);

    /// <summary>Every unmatched message, in order.</summary>
    IAsyncEnumerable<UnmatchedRecord> UnmatchedAsync(CancellationToken cancellationToken);

    /// <summary>Every financial message recorded for matching, with its match, in order.</summary>
    IAsyncEnumerable<FinancialRecord> FinancialsAsync(CancellationToken cancellationToken);

    /// <summary>Every journalled message the ledger decided, with the effect it recorded.</summary>
    IAsyncEnumerable<LedgerDecisionRecord> LedgerDecisionsAsync(CancellationToken cancellationToken);
}

/// <summary>A journalled message the ledger processed.</summary>
/// <param name="TxnId">Its TXn_ID.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Effect">The effect summary, if recorded.</param>
/// <param name="PostingLegs">How many posting legs it wrote (null in journals older than this field).</param>
public sealed record LedgerDecisionRecord(long TxnId, Ehi.Core.Classification.MessageKind Kind, string? Effect, int? PostingLegs);
