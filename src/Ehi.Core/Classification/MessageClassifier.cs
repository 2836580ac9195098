using Ehi.Core.Messages;

namespace Ehi.Core.Classification;

/// <summary>Classifies GetTransaction messages with one ordered, data-driven table (reference §4.3,
/// §4.4, §4.6, §6): the first matching row wins, so specific rows come before general ones.</summary>
public static class MessageClassifier
{
    private static readonly string[] None = [""];
    private static readonly string[] Clearing = ["1240", "05", "06", "07"];
    private static readonly string[] VisaReversals = ["1240", "25", "26", "27"];

    /// <summary>The table, in match order.</summary>
    public static IReadOnlyList<ClassificationRule> Rules { get; } =
    [
        // Token events first: they reuse A and J with their own processing codes.
        new(null, "A", ["33"], false, MessageKind.TokenAuthorisation),
        new(null, null, ["34", "35", "36"], null, MessageKind.TokenNotification),
        new(["0620"], null, null, null, MessageKind.TokenNotification),

        // Thredd decided instead of the host: the same TXn_ID comes back flagged.
        new(["0100", "0101", "0200"], null, null, true, MessageKind.ThreddDecisionNotification),

        new(["0100"], "A", ["30"], false, MessageKind.BalanceEnquiry),
        new(["0100"], "A", ["39"], false, MessageKind.AccountVerification),
        new(["0100"], "A", null, false, MessageKind.AuthorisationRequest),
        new(["0101"], "A", null, false, MessageKind.AuthorisationRepeat),
        new(Clearing, "A", null, null, MessageKind.OfflineAuthorisationAdvice),
        new(["0120"], "J", null, null, MessageKind.AuthorisationAdvice),
        new(["0120"], "D", null, null, MessageKind.AfdCompletionReversal),
        new(["0400", "0420"], "D", null, null, MessageKind.AuthorisationReversal),
        new(None, "D", null, null, MessageKind.AutomaticReversal),
        new(["0200"], "M", null, false, MessageKind.OnlineFinancialRequest),
        new(["0220"], "Q", null, null, MessageKind.OnlineFinancialAdvice),
        new(["0420"], "V", null, null, MessageKind.OnlineFinancialReversal),

        new(None, "P", ["08"], null, MessageKind.Fee),
        new(None, "F", null, null, MessageKind.Fee),
        new(Clearing, "P", null, null, MessageKind.Presentment),
        new(Clearing, "N", null, null, MessageKind.SecondPresentment),
        new(VisaReversals, "E", null, null, MessageKind.FinancialReversal),
        new(["1240"], "C", null, null, MessageKind.Chargeback),
        new(["1240"], "H", null, null, MessageKind.ChargebackNonCredit),
        new(["1240"], "K", null, null, MessageKind.ChargebackReversal),

        new(None, "L", null, null, MessageKind.Load),
        new(None, "U", null, null, MessageKind.Unload),
        new(None, "G", null, null, MessageKind.Payment),
        new(None, "B", null, null, MessageKind.BalanceAdjustment),
        new(None, "Y", null, null, MessageKind.Expiry),
    ];

    /// <summary>Classifies a message.</summary>
    public static MessageKind Classify(GetTransaction message)
    {
        string mtid = message.Mtid ?? string.Empty;
        string txnType = message.TxnType?.Trim() ?? string.Empty;
        string proc = message.ProcCode?.Trim() ?? string.Empty;
        bool byThredd = message.IsThreddDecision;
        foreach (var rule in Rules)
        {
            if (rule.Matches(mtid, txnType, proc, byThredd))
            {
                return rule.Kind;
            }
        }

        return MessageKind.Unknown;
    }

    /// <summary>The answer shape of a kind.</summary>
    public static AnswerShape ShapeOf(MessageKind kind) => kind switch
    {
        MessageKind.AuthorisationRequest or MessageKind.AuthorisationRepeat or MessageKind.OnlineFinancialRequest
            or MessageKind.BalanceEnquiry or MessageKind.AccountVerification or MessageKind.TokenAuthorisation => AnswerShape.Decision,
        MessageKind.AuthorisationReversal or MessageKind.AfdCompletionReversal or MessageKind.AutomaticReversal
            or MessageKind.OnlineFinancialReversal => AnswerShape.Reversal,
        _ => AnswerShape.Acknowledge,
    };

    /// <summary>The Cut-Off count a kind belongs to.</summary>
    public static CutOffCategory CategoryOf(MessageKind kind) => kind switch
    {
        MessageKind.AuthorisationRequest or MessageKind.AuthorisationRepeat or MessageKind.ThreddDecisionNotification
            or MessageKind.AuthorisationAdvice or MessageKind.AuthorisationReversal or MessageKind.AfdCompletionReversal
            or MessageKind.AutomaticReversal or MessageKind.OnlineFinancialRequest or MessageKind.OnlineFinancialAdvice
            or MessageKind.OnlineFinancialReversal or MessageKind.BalanceEnquiry or MessageKind.AccountVerification
            or MessageKind.TokenAuthorisation or MessageKind.TokenNotification => CutOffCategory.Auths,
        MessageKind.Presentment or MessageKind.SecondPresentment or MessageKind.FinancialReversal or MessageKind.Chargeback
            or MessageKind.ChargebackNonCredit or MessageKind.ChargebackReversal or MessageKind.Fee
            or MessageKind.OfflineAuthorisationAdvice => CutOffCategory.Financials,
        MessageKind.Load or MessageKind.Unload => CutOffCategory.LoadsUnloads,
        MessageKind.BalanceAdjustment or MessageKind.Payment or MessageKind.Expiry => CutOffCategory.BalanceAdjustExpiry,
        _ => CutOffCategory.None,
    };
}
