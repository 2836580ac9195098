using Ehi.Core.Classification;
using Ehi.Processing.Answers;
using Ehi.Processing.Journal;
using Ehi.Processing.Reconciliation;

namespace Ehi.Processing.Ledger;

/// <summary>Messages that move holds: reversals, advices, presentments, Thredd's decisions.</summary>
public sealed partial class LedgerEngine
{
    private static LedgerResult Reverse(LedgerContext c, ILedgerSession s)
    {
        var m = c.Message;
        if (m.Token is not { } token)
        {
            return Unmatched(c, s, "reversal without a token");
        }

        var open = Candidates(s, token, m);
        var hold = c.Kind == MessageKind.AutomaticReversal ? HoldMatcher.ForAutomaticReversal(m, open) : HoldMatcher.ForReversalOrAdvice(m, open);
        if (hold is null)
        {
            return Unmatched(c, s, "reversal matches no open hold");
        }

        // A reversal of the whole authorised amount (or more) releases everything, fees included;
        // a partial one releases what it names. Never more than is held.
        decimal amount = Money.Absolute(m);
        bool full = amount == 0m || amount >= hold.Authorised;
        decimal release = full ? hold.Amount : Math.Min(amount, hold.Amount);
        var after = Adjust(s, hold with { Authorised = full ? 0m : hold.Authorised - amount }, -release, c.Key.TxnId, full ? "full reversal" : "partial reversal", close: full);
        return new LedgerResult(AnswerBuilder.ReversalAccepted, Decision.None, $"{Posted}{(full ? "released" : "partly released")} {release}, {after.Amount} still held");
    }

    private static LedgerResult Advice(LedgerContext c, ILedgerSession s)
    {
        var m = c.Message;
        if (m.Token is not { } token || s.GetAccount(token) is null)
        {
            return Unmatched(c, s, "advice for an unknown card");
        }

        var hold = HoldMatcher.ForReversalOrAdvice(m, Candidates(s, token, m));
        if (!Approved(m.RespCodeDe39, m.TxnStatCode))
        {
            if (hold is null)
            {
                return Acknowledged("declined advice, nothing held");
            }

            Adjust(s, hold, -hold.Amount, c.Key.TxnId, "declined advice removes the hold", close: true);
            return new LedgerResult(AnswerBuilder.Acknowledge, Decision.None, $"{Posted}declined advice released {hold.Amount}");
        }

        decimal impact = Money.Impact(m);
        if (impact == 0m)
        {
            return Acknowledged("credit advice ignored");
        }

        // The advice states the amount approved: it replaces what was held.
        if (hold is null)
        {
            OpenHold(s, NewHold(c, Money.Debit(m), impact), c.Key.TxnId, "approved advice sets the hold");
        }
        else
        {
            Adjust(s, hold with { Authorised = Money.Debit(m) }, impact - hold.Amount, c.Key.TxnId, "approved advice sets the hold");
        }

        return new LedgerResult(AnswerBuilder.Acknowledge, Decision.None, $"{Posted}advice holds {impact}");
    }

    private static LedgerResult Present(LedgerContext c, ILedgerSession s)
    {
        var m = c.Message;
        if (m.Token is not { } token || s.GetAccount(token) is null)
        {
            return Unmatched(c, s, "presentment for an unknown card");
        }

        decimal signed = m.BillAmt ?? 0m;
        var financial = FinancialMatcher.RecordOf(m, c.Kind, c.Key.TxnId, token, c.Now);
        if (signed >= 0m)
        {
            // A refund presented: now, and only now, the credit is applied.
            s.RecordFinancial(financial);
            return Settle(c, s, signed, SettlementAccount, "refund presentment");
        }

        decimal debit = -signed;
        s.Post(c.Key.TxnId, token, "presentment", [new(PostingLeg.CardActual, -debit), new(SettlementAccount, debit)]);
        var hold = HoldMatcher.ForPresentment(m, Candidates(s, token, m), s.HoldOf);
        s.RecordFinancial(financial with { OriginalTxnId = hold?.TxnId, MatchRule = hold is null ? null : "authorisation hold" });
        if (hold is null)
        {
            s.RecordUnmatched(c.Key.TxnId, token, c.Kind, "presentment without authorisation");
            return new LedgerResult(AnswerBuilder.Acknowledge, Decision.None, $"{Posted}presentment {debit} without authorisation");
        }

        // Multi-part clearing releases only what each part presents, until the final part.
        bool partial = m.MultiPartTxn == 1 && m.MultiPartTxnFinal != 1;
        decimal release = partial ? Math.Min(debit, hold.Amount) : hold.Amount;
        var after = Adjust(s, hold with { Authorised = Math.Max(0m, hold.Authorised - debit) }, -release, c.Key.TxnId, partial ? "multi-part presentment" : "presentment", close: !partial);
        return new LedgerResult(AnswerBuilder.Acknowledge, Decision.None, $"{Posted}presentment {debit}, released {release}{(debit > release && !partial ? $", {debit - release} over the hold" : string.Empty)}, {after.Amount} still held");
    }

    private static LedgerResult FinancialAdvice(LedgerContext c, ILedgerSession s) =>
        Approved(c.Message.RespCodeDe39, c.Message.TxnStatCode)
            ? Settle(c, s, -Money.Debit(c.Message), SettlementAccount, "online financial advice")
            : Acknowledged("declined online financial advice");

    private static LedgerResult ThreddDecided(LedgerContext c, ILedgerSession s)
    {
        var m = c.Message;
        switch (c.Reconciliation)
        {
            case ReconciliationAction.ReverseOurApproval when s.HoldOf(c.Key.TxnId) is { Open: true } ours:
                Adjust(s, ours, -ours.Amount, c.Key.TxnId, "Thredd declined what we approved", close: true);
                return new LedgerResult(AnswerBuilder.Acknowledge, Decision.None, $"{Posted}undid our approval, released {ours.Amount}");
            case ReconciliationAction.ApplyThreddApproval or ReconciliationAction.ApplyUnseenApproval when m.Token is { } token && s.GetAccount(token) is not null:
                decimal impact = Money.Impact(m);
                OpenHold(s, NewHold(c, Money.Debit(m), impact), c.Key.TxnId, "Thredd approved on our behalf");
                return new LedgerResult(AnswerBuilder.Acknowledge, Decision.None, $"{Posted}applied Thredd's approval, held {impact}");
            default:
                return Acknowledged($"Thredd's decision needs nothing ({c.Reconciliation})");
        }
    }

    private static LedgerResult Unmatched(LedgerContext c, ILedgerSession s, string why)
    {
        s.RecordUnmatched(c.Key.TxnId, c.Message.Token, c.Kind, why);
        var response = MessageClassifier.ShapeOf(c.Kind) == AnswerShape.Reversal ? AnswerBuilder.ReversalAccepted : AnswerBuilder.Acknowledge;
        return new LedgerResult(response, Decision.None, "unmatched: " + why);
    }
}
