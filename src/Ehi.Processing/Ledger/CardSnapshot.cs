namespace Ehi.Processing.Ledger;

/// <summary>A card as the admin API shows it: the account, its open holds and its postings.</summary>
/// <param name="Account">The account.</param>
/// <param name="Holds">Open holds.</param>
/// <param name="Postings">The card's posting legs, oldest first.</param>
public sealed record CardSnapshot(CardAccount Account, IReadOnlyList<Hold> Holds, IReadOnlyList<PostingRecord> Postings);

/// <summary>One stored posting leg of a card.</summary>
/// <param name="TxnId">The message (TXn_ID) or admin operation id that caused it.</param>
/// <param name="Account">The ledger account.</param>
/// <param name="Amount">The amount.</param>
/// <param name="Reason">Why.</param>
public sealed record PostingRecord(long TxnId, string Account, decimal Amount, string Reason);
