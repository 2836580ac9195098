using Ehi.Core.Classification;

namespace Ehi.Processing.Ledger;

/// <summary>The ledger inside one journal transaction: whatever a message changes commits or rolls
/// back together with the message's journal entry. Only the card's account and its holds are read
/// and written on the hot path.</summary>
public interface ILedgerSession
{
    /// <summary>The card's account, if it exists.</summary>
    CardAccount? GetAccount(long token);

    /// <summary>Creates or replaces the account (balances are changed only through <see cref="Post"/>);
    /// written when the transaction's work is done, so several changes cost one write.</summary>
    void PutAccount(CardAccount account);

    /// <summary>Open holds of a card, oldest first.</summary>
    IReadOnlyList<Hold> OpenHolds(long token);

    /// <summary>Open holds of a card sharing any of the given matching keys (indexed look-ups: a
    /// busy card with many open holds costs no more than a quiet one).</summary>
    IReadOnlyList<Hold> CandidateHolds(long token, string? lifecycle, string? transLink, string? authCode, long? txnId);

    /// <summary>The hold created by an authorisation TXn_ID, open or not.</summary>
    Hold? HoldOf(long txnId);

    /// <summary>Stores a hold (insert when Id is 0) and returns it with its id.</summary>
    Hold PutHold(Hold hold);

    /// <summary>Records balanced postings for a message and applies them to the card account.
    /// Throws when the legs do not sum to zero.</summary>
    void Post(long txnId, long token, string reason, IReadOnlyList<PostingLeg> legs);

    /// <summary>Keeps a message that matched nothing, for reconciliation.</summary>
    void RecordUnmatched(long txnId, long? token, MessageKind kind, string reason);
}
