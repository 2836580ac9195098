using Ehi.Core.Classification;

namespace Ehi.Processing.Ledger;

/// <summary>The ledger's view of one unit of work: the cards and holds the store read for it, with
/// the unit's own changes applied. Purely in memory; the changes become <see cref="LedgerEffects"/>
/// that the store writes in the unit's transaction.</summary>
public interface ILedgerSession
{
    /// <summary>The card's account, if it exists.</summary>
    CardAccount? GetAccount(long token);

    /// <summary>Creates or replaces the account (balances are changed only through <see cref="Post"/>).</summary>
    void PutAccount(CardAccount account);

    /// <summary>Open holds of a card sharing any of the given matching keys, oldest first.</summary>
    IReadOnlyList<Hold> CandidateHolds(long token, string? lifecycle, string? transLink, string? authCode, long? txnId);

    /// <summary>The hold created by an authorisation TXn_ID, open or not.</summary>
    Hold? HoldOf(long txnId);

    /// <summary>Stores a hold (new when Id is 0) and returns it with its id.</summary>
    Hold PutHold(Hold hold);

    /// <summary>Records balanced postings for a message and applies them to the card account.
    /// Throws when the legs do not sum to zero.</summary>
    void Post(long txnId, long token, string reason, IReadOnlyList<PostingLeg> legs);

    /// <summary>The card's earlier financial messages the store read for this unit, oldest first.</summary>
    IReadOnlyList<FinancialRecord> Financials { get; }

    /// <summary>Records a financial message (and the match it made) for later matching and reconciliation.</summary>
    void RecordFinancial(FinancialRecord record);

    /// <summary>Keeps a message that matched nothing, for reconciliation.</summary>
    void RecordUnmatched(long txnId, long? token, MessageKind kind, string reason);
}
