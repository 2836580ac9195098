using Ehi.Core.Classification;
using Ehi.Core.Messages;

namespace Ehi.Processing.Answers;

/// <summary>The fixed answers of reference §5.2: what every kind gets besides a decision.</summary>
public static class AnswerBuilder
{
    /// <summary>Acknowledged, nothing else.</summary>
    public static GetTransactionResponse Acknowledge { get; } = new() { Acknowledgement = "1" };

    /// <summary>A reversal: always 00 (reversals cannot be declined).</summary>
    public static GetTransactionResponse ReversalAccepted { get; } = new() { Acknowledgement = "1", ResponseStatus = ResponseCodes.Approved };

    /// <summary>The answer that makes Thredd resend a message the host could not store.</summary>
    public static GetTransactionResponse ResendLater(MessageKind kind, string fallback) => new()
    {
        Acknowledgement = "0",
        ResponseStatus = MessageClassifier.ShapeOf(kind) == AnswerShape.Decision ? fallback : ResponseCodes.SystemMalfunction,
    };

    /// <summary>The answer when the decision came from the fallback (deadline passed or provider failed).</summary>
    public static GetTransactionResponse Fallback(string fallback) => new() { Acknowledgement = "1", ResponseStatus = fallback };
}
