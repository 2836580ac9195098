using Ehi.Core.Classification;

namespace Ehi.Processing.Ledger;

/// <summary>Everything one unit of ledger work changes, as values a store writes in the unit's
/// transaction: account states, hold states, balanced postings and unmatched messages.</summary>
/// <param name="Accounts">The final state of every account changed (created when <see cref="AccountWrite.Created"/>).</param>
/// <param name="Holds">The final state of every hold changed; a negative id is a new hold.</param>
/// <param name="Postings">Posting legs, in order; the legs of each posting sum to zero.</param>
/// <param name="Unmatched">Messages kept for reconciliation.</param>
public sealed record LedgerEffects(IReadOnlyList<AccountWrite> Accounts, IReadOnlyList<Hold> Holds, IReadOnlyList<Posting> Postings, IReadOnlyList<UnmatchedRecord> Unmatched)
{
    /// <summary>No change.</summary>
    public static LedgerEffects None { get; } = new([], [], [], []);

    /// <summary>True when nothing changes.</summary>
    public bool IsEmpty => Accounts.Count == 0 && Holds.Count == 0 && Postings.Count == 0 && Unmatched.Count == 0 && Financials.Count == 0;

    /// <summary>Financial messages recorded for matching, with the match each made.</summary>
    public IReadOnlyList<FinancialRecord> Financials { get; init; } = [];
}

/// <summary>An account to write.</summary>
/// <param name="Account">Its new state.</param>
/// <param name="Created">True when the account did not exist.</param>
public sealed record AccountWrite(CardAccount Account, bool Created);

/// <summary>One stored posting leg.</summary>
/// <param name="TxnId">The message (TXn_ID) or admin operation id that caused it.</param>
/// <param name="Token">The card.</param>
/// <param name="Account">The ledger account (<see cref="PostingLeg"/>).</param>
/// <param name="Amount">Positive credits the account, negative debits it.</param>
/// <param name="Reason">Why.</param>
public sealed record Posting(long TxnId, long Token, string Account, decimal Amount, string Reason);

/// <summary>A message that matched nothing in the ledger, kept for reconciliation.</summary>
/// <param name="TxnId">Its TXn_ID.</param>
/// <param name="Token">Its card, if any.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Reason">Why it matched nothing.</param>
public sealed record UnmatchedRecord(long TxnId, long? Token, MessageKind Kind, string Reason)
{
    /// <summary>When the message was processed (null in ledgers older than this field).</summary>
    public DateTimeOffset? At { get; init; }
}
