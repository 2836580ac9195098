using Ehi.Core.Messages;

namespace Ehi.Processing.Decisions;

/// <summary>Decides authorisation-type requests. The processor bounds every call by the deadline
/// and falls back on its own; a provider only has to answer or throw.</summary>
public interface IDecisionProvider
{
    /// <summary>The provider's name, journalled with each decision.</summary>
    string Name { get; }

    /// <summary>The answer to send (Acknowledgement is set by the processor).</summary>
    ValueTask<GetTransactionResponse> DecideAsync(DecisionContext context, CancellationToken cancellationToken);
}
