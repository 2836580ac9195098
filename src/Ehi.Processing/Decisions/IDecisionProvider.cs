using Ehi.Core.Messages;

namespace Ehi.Processing.Decisions;

/// <summary>Decides authorisation-type requests. The processor bounds every call by the deadline
/// and falls back on its own; a provider only has to answer or throw.</summary>
public interface IDecisionProvider
{
    /// <summary>The provider's name, journalled with each decision.</summary>
    string Name { get; }

    /// <summary>True when deciding calls nothing outside this process (the static provider): a
    /// repeat may be decided again and dropped. A core system must never see a repeat twice.</summary>
    bool DecidesWithoutSideEffects => false;

    /// <summary>The answer to send (Acknowledgement is set by the processor).</summary>
    ValueTask<GetTransactionResponse> DecideAsync(DecisionContext context, CancellationToken cancellationToken);
}
