using Ehi.Core.Classification;
using Ehi.Core.Messages;
using Ehi.Processing.Configuration;

namespace Ehi.Processing.Decisions;

/// <summary>Approves (or declines) everything with one configured code: for mode 3, demos and tests.</summary>
public sealed class StaticDecisionProvider(StaticProviderOptions options) : IDecisionProvider
{
    /// <inheritdoc />
    public string Name => "static";

    /// <inheritdoc />
    public bool DecidesWithoutSideEffects => true;

    /// <inheritdoc />
    public ValueTask<GetTransactionResponse> DecideAsync(DecisionContext context, CancellationToken cancellationToken)
    {
        var response = new GetTransactionResponse { ResponseStatus = options.ResponseStatus };
        if (context.Kind == MessageKind.BalanceEnquiry && options.Balance is { } balance)
        {
            response = response with { CurBalance = balance, AvlBalance = balance };
        }

        return ValueTask.FromResult(response);
    }
}
