using Ehi.Core.Classification;
using Ehi.Core.Messages;
using Ehi.Processing.Configuration;

namespace Ehi.Processing.Answers;

/// <summary>How a message kind is answered in a mode (reference §5.2), whoever decides: the one
/// place that says which kinds get a decision and which get a fixed answer.</summary>
public static class AnswerRules
{
    /// <summary>The rule for a kind in a mode.</summary>
    public static AnswerRule For(EhiMode mode, MessageKind kind) =>
        kind == MessageKind.ThreddDecisionNotification
            ? AnswerRule.Reconcile
            : MessageClassifier.ShapeOf(kind) switch
            {
                AnswerShape.Reversal => AnswerRule.Reversal,
                AnswerShape.Decision when mode == EhiMode.FullService => AnswerRule.AcknowledgeInMode3,
                AnswerShape.Decision => AnswerRule.Decide,
                _ => AnswerRule.Acknowledge,
            };

    /// <summary>The fixed answer of a rule other than <see cref="AnswerRule.Decide"/>.</summary>
    public static GetTransactionResponse Fixed(AnswerRule rule) =>
        rule == AnswerRule.Reversal ? AnswerBuilder.ReversalAccepted : AnswerBuilder.Acknowledge;

    /// <summary>Who the journal says decided a fixed answer.</summary>
    public static string FixedBy(AnswerRule rule) => rule switch
    {
        AnswerRule.AcknowledgeInMode3 => "mode3",
        AnswerRule.Reconcile => "reconciliation",
        _ => "rule",
    };

    /// <summary>A decider's answer as sent: limited to what the mode allows, acknowledged.</summary>
    public static GetTransactionResponse Decided(EhiMode mode, GetTransaction message, GetTransactionResponse decided) =>
        ModeRules.Apply(mode, message, decided) with { Acknowledgement = "1" };
}

/// <summary>How a message is answered.</summary>
public enum AnswerRule
{
    /// <summary>The decider's Responsestatus (authorisation-type requests in modes 1, 2 and 4).</summary>
    Decide,

    /// <summary>Acknowledgement "1" with Responsestatus "00": reversals cannot be declined.</summary>
    Reversal,

    /// <summary>Acknowledgement "1" only (advices, financials, loads, fees, ...).</summary>
    Acknowledge,

    /// <summary>Acknowledgement "1" only: an authorisation-type request in mode 3, where Thredd decides.</summary>
    AcknowledgeInMode3,

    /// <summary>Acknowledgement "1"; reconciled against our own answer to the same TXn_ID.</summary>
    Reconcile,
}
