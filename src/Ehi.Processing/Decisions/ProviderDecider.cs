using Ehi.Core.Messages;
using Ehi.Processing.Answers;
using Ehi.Processing.Configuration;
using Ehi.Processing.Journal;
using Ehi.Processing.Telemetry;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;

namespace Ehi.Processing.Decisions;

/// <summary>A static or forward <see cref="IDecisionProvider"/> as a decider: asked before the
/// transaction, bounded by the budget, with the mode's fallback when it fails or is late.</summary>
public sealed class ProviderDecider(IDecisionProvider provider, ProcessingOptions options, TimeProvider time, ILogger logger, ProcessingMetrics? metrics = null) : IDecider
{
    private readonly ProcessingMetrics _metrics = metrics ?? ProcessingMetrics.Unobserved();

    // Part of the budget kept for the journal write and the answer after the provider returns.
    private static readonly TimeSpan JournalReserve = TimeSpan.FromMilliseconds(20);

    /// <inheritdoc />
    public string Name => provider.Name;

    /// <inheritdoc />
    public bool PlansWithoutSideEffects => provider.DecidesWithoutSideEffects;

    /// <inheritdoc />
    public async ValueTask<DecisionPlan> PlanAsync(DecisionRequest request)
    {
        if (request.Rule != AnswerRule.Decide)
        {
            return DecisionPlan.Constant(new DecisionOutcome(AnswerRules.Fixed(request.Rule), Decision.None, AnswerRules.FixedBy(request.Rule)) { Reconciliation = request.Reconciliation });
        }

        string fallback = options.FallbackFor(request.Mode);
        var remaining = options.Budget - time.GetElapsedTime(request.Started) - JournalReserve;
        var decision = Decide(new DecisionContext(request.Message, request.Kind, request.Mode, request.Request, request.Flavour));
        if (!decision.IsCompleted && remaining > TimeSpan.Zero)
        {
            // WaitAsync disposes its timer as soon as the decision arrives: no timer outlives a fast answer.
            await ((Task)decision).WaitAsync(remaining, time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (decision.IsCompletedSuccessfully)
        {
            var response = AnswerRules.Decided(request.Mode, request.Message, decision.Result);
            return DecisionPlan.Constant(new DecisionOutcome(response, DecisionOf(response), provider.Name));
        }

        var fallbackAnswer = AnswerBuilder.Fallback(fallback);
        if (decision.IsCompleted && decision.Exception?.InnerException is BrokenCircuitException)
        {
            // The breaker is open: the core system was not called; the journal says why. (Not
            // GetBaseException: the breaker's exception wraps the failure that opened it.)
            logger.CircuitOpenFallback(request.Key.ToString(), fallback, provider.Name);
            _metrics.Fallback("circuit_open");
            return DecisionPlan.Constant(new DecisionOutcome(fallbackAnswer, DecisionOf(fallbackAnswer), "fallback:circuit-open"));
        }

        if (decision.IsCompleted)
        {
            logger.ProviderFailed(provider.Name, request.Key.ToString(), decision.Exception?.GetBaseException().Message ?? "cancelled", fallback);
            _metrics.Fallback("provider_failed");
            return DecisionPlan.Constant(new DecisionOutcome(fallbackAnswer, DecisionOf(fallbackAnswer), "fallback:provider-failed"));
        }

        logger.DeadlinePassed(provider.Name, request.Key.ToString(), options.Budget.TotalMilliseconds, fallback);
        _metrics.Fallback("deadline");
        return DecisionPlan.Constant(new DecisionOutcome(fallbackAnswer, DecisionOf(fallbackAnswer), "fallback:deadline")) with { Late = decision };
    }

    // A provider that throws synchronously is a failed decision, not a crash of the request.
    private Task<GetTransactionResponse> Decide(DecisionContext context)
    {
        try
        {
            return provider.DecideAsync(context, CancellationToken.None).AsTask();
        }
        catch (Exception ex)
        {
            return Task.FromException<GetTransactionResponse>(ex);
        }
    }

    private static Decision DecisionOf(GetTransactionResponse response) =>
        ResponseCodes.IsApproval(response.ResponseStatus) ? Decision.Approved : Decision.Declined;
}
