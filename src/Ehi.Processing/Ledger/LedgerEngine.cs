using Ehi.Core.Classification;
using Ehi.Core.Messages;
using Ehi.Processing.Answers;
using Ehi.Processing.Configuration;
using Ehi.Processing.Journal;

namespace Ehi.Processing.Ledger;

/// <summary>The built-in ledger: decides authorisations from the card's own balance and rules, and
/// applies every message's effect with balanced postings, inside the journal transaction of the
/// message (so effect and journal entry commit together, and a repeat changes nothing).</summary>
public sealed partial class LedgerEngine(LedgerOptions options)
{
    /// <summary>The postings counterparty of holds.</summary>
    public const string HoldsAccount = "holds";

    /// <summary>The counterparty of settled card transactions.</summary>
    public const string SettlementAccount = "settlement";

    /// <summary>The counterparty of loads and unloads.</summary>
    public const string FundingAccount = "funding";

    /// <summary>Applies one message. Only the response of a kind the ledger decides (see
    /// <see cref="AnswerRules"/>) is sent; every other kind gets its fixed answer.</summary>
    public LedgerResult Apply(LedgerContext context, ILedgerSession session) =>
        context.Mode == EhiMode.FullService
            ? new LedgerResult(AnswerBuilder.Acknowledge, Decision.None, "mode 3: Thredd holds the balance")
            : Dispatch(context, session);

    /// <summary>How the summary of a message that posted begins (journals before posting counts were recorded).</summary>
    public const string PostedPrefix = "posted: ";

    private const string Posted = PostedPrefix;

    /// <summary>What a message makes the ledger read (and lock): its card and the holds its matching
    /// keys can reach. Nothing in mode 3, where Thredd holds the balance.</summary>
    public static LedgerReads ReadsFor(GetTransaction m, MessageKind kind, JournalKey key, EhiMode mode)
    {
        if (mode == EhiMode.FullService || m.Token is not { } token)
        {
            return LedgerReads.None;
        }

        long[] txnIds = (m.MatchingTxnId, kind == MessageKind.ThreddDecisionNotification) switch
        {
            ({ } matching, true) => [matching, key.TxnId],
            ({ } matching, false) => [matching],
            (null, true) => [key.TxnId],
            _ => [],
        };
        var reads = LedgerReads.Card(token, new HoldKeys(token, Blank(m.TraceidLifecycle), Blank(m.TransLink), Blank(m.AuthCodeDe38) is { } code && code != "000000" ? code : null, txnIds));
        return FinancialMatcher.IsPostPresentment(kind) ? reads with { Financials = FinancialMatcher.KeysOf(m, token) } : reads;
    }

    private LedgerResult Dispatch(LedgerContext c, ILedgerSession s) => c.Kind switch
    {
        MessageKind.AuthorisationRequest or MessageKind.AuthorisationRepeat => Authorise(c, s, settleNow: false),
        MessageKind.OnlineFinancialRequest => Authorise(c, s, settleNow: true),
        MessageKind.BalanceEnquiry => BalanceEnquiry(c, s),
        MessageKind.AccountVerification or MessageKind.TokenAuthorisation => Verify(c, s),
        MessageKind.ThreddDecisionNotification => ThreddDecided(c, s),
        MessageKind.AuthorisationAdvice => Advice(c, s),
        MessageKind.AuthorisationReversal or MessageKind.AfdCompletionReversal or MessageKind.AutomaticReversal => Reverse(c, s),
        MessageKind.OnlineFinancialAdvice => FinancialAdvice(c, s),
        MessageKind.OnlineFinancialReversal => Settle(c, s, Money.Absolute(c.Message), SettlementAccount, "online financial reversal"),
        MessageKind.Presentment => Present(c, s),
        MessageKind.SecondPresentment => PostPresentment(c, s, -Money.Absolute(c.Message), SettlementAccount, "second presentment"),
        MessageKind.FinancialReversal => PostPresentment(c, s, Money.Absolute(c.Message), SettlementAccount, "financial reversal"),
        MessageKind.Chargeback => PostPresentment(c, s, Money.Absolute(c.Message), "chargebacks", "chargeback credit"),
        MessageKind.ChargebackNonCredit => PostPresentment(c, s, 0m, "chargebacks", "chargeback without credit"),
        MessageKind.ChargebackReversal => PostPresentment(c, s, -Money.Absolute(c.Message), "chargebacks", "chargeback reversal"),
        MessageKind.Load => Settle(c, s, Money.Absolute(c.Message), FundingAccount, "load"),
        MessageKind.Unload => Settle(c, s, -Money.Absolute(c.Message), FundingAccount, "unload"),
        MessageKind.Payment => Settle(c, s, c.Message.BillAmt ?? 0m, FundingAccount, "payment"),
        MessageKind.BalanceAdjustment => Settle(c, s, c.Message.BillAmt ?? 0m, "adjustments", "balance adjustment"),
        MessageKind.Fee => Settle(c, s, -(Math.Abs(c.Message.FeeFixed ?? 0m) + Math.Abs(c.Message.OtherFeeAmt ?? 0m) + Money.Absolute(c.Message)), "fees", "fee"),
        MessageKind.Expiry => Expire(c, s),
        _ => Acknowledged("no balance effect for " + c.Kind),
    };

    /// <summary>Posts a settled amount (positive credits the card) against a counterparty.</summary>
    private static LedgerResult Settle(LedgerContext c, ILedgerSession s, decimal amount, string counterparty, string what)
    {
        if (c.Message.Token is not { } token || s.GetAccount(token) is null)
        {
            s.RecordUnmatched(c.Key.TxnId, c.Message.Token, c.Kind, "unknown card");
            return Acknowledged($"unmatched {what}: unknown card {c.Message.Token}");
        }

        if (amount == 0m)
        {
            return Acknowledged($"{what} of zero");
        }

        s.Post(c.Key.TxnId, token, what, [new(PostingLeg.CardActual, amount), new(counterparty, -amount)]);
        return new LedgerResult(AnswerBuilder.Acknowledge, Decision.None, $"{Posted}{what} {amount}");
    }

    /// <summary>A post-presentment message: matched to its original financial message (the match,
    /// or why there is none, is recorded), then posted like any settled amount.</summary>
    private static LedgerResult PostPresentment(LedgerContext c, ILedgerSession s, decimal amount, string counterparty, string what)
    {
        if (c.Message.Token is not { } token || s.GetAccount(token) is null)
        {
            return Settle(c, s, amount, counterparty, what);
        }

        var record = FinancialMatcher.RecordOf(c.Message, c.Kind, c.Key.TxnId, token, c.Now);
        var (original, rule) = FinancialMatcher.Match(record, c.Message.Mtid, s.Financials);
        s.RecordFinancial(record with { OriginalTxnId = original?.TxnId, MatchRule = original is null ? null : rule });
        if (original is null)
        {
            s.RecordUnmatched(c.Key.TxnId, token, c.Kind, rule);
        }

        var settled = Settle(c, s, amount, counterparty, what);
        string match = original is null ? "; unmatched: " + rule : $"; matches {original.Kind} {original.TxnId} by {rule}";
        return settled with { Summary = settled.Summary + match };
    }

    private static LedgerResult Expire(LedgerContext c, ILedgerSession s)
    {
        if (c.Message.Token is { } token && s.GetAccount(token) is { } account)
        {
            s.PutAccount(account with { Status = CardStatuses.Expired });
        }

        return c.Message.BillAmt is { } amount && amount != 0m
            ? Settle(c, s, amount, "adjustments", "expiry")
            : Acknowledged("card expired");
    }

    private static IReadOnlyList<Hold> Candidates(ILedgerSession s, long token, Core.Messages.GetTransaction m) =>
        s.CandidateHolds(token, Blank(m.TraceidLifecycle), Blank(m.TransLink), Blank(m.AuthCodeDe38) is { } code && code != "000000" ? code : null, m.MatchingTxnId);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static LedgerResult Acknowledged(string summary) => new(AnswerBuilder.Acknowledge, Decision.None, summary);

    /// <summary>Opens a new hold for its amount, with its postings: one insert.</summary>
    private static Hold OpenHold(ILedgerSession s, Hold hold, long txnId, string why)
    {
        s.Post(txnId, hold.Token, why, [new(PostingLeg.CardBlocked, hold.Amount), new(HoldsAccount, -hold.Amount)]);
        return s.PutHold(hold);
    }

    /// <summary>Blocks more (positive) or releases (negative) on a hold, with its postings.</summary>
    private static Hold Adjust(ILedgerSession s, Hold hold, decimal delta, long txnId, string why, bool close = false)
    {
        // Never release more than is held.
        delta = Math.Max(delta, -hold.Amount);
        if (delta != 0m)
        {
            s.Post(txnId, hold.Token, why, [new(PostingLeg.CardBlocked, delta), new(HoldsAccount, -delta)]);
        }

        return s.PutHold(hold with { Amount = hold.Amount + delta, Open = !close && hold.Amount + delta > 0m });
    }

    private static GetTransactionResponse Decline(string code, bool permanent = false) =>
        new() { Acknowledgement = "1", ResponseStatus = code, MerchantAdvice = permanent ? "03" : code is "51" or "61" or "65" ? "02" : null };

    private static bool Approved(string? de39, string? stat) =>
        stat?.Trim() is "A" or "S" or "C" || (stat is null && ResponseCodes.IsApproval(de39?.Trim()));
}
