using Ehi.Core.Classification;
using Ehi.Core.Codec;
using Ehi.Core.Handling;
using Ehi.Core.Messages;
using Ehi.Processing.Answers;
using Ehi.Processing.Decisions;
using Ehi.Processing.Journal;
using Ehi.Processing.Reconciliation;
using Ehi.Processing.Telemetry;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;

namespace Ehi.Processing;

/// <summary>Deciding: the fixed answers of each kind, and the provider call bounded by the budget.</summary>
public sealed partial class EhiProcessor
{
    // Part of the budget kept for the journal write and the answer after the provider returns.
    private static readonly TimeSpan JournalReserve = TimeSpan.FromMilliseconds(20);

    private async Task<DecisionOutcome> DecideAsync(EhiRequest request, ParsedMessage.Transaction parsed, MessageKind kind, JournalKey key, int mode, long started)
    {
        var message = parsed.Message;
        switch (MessageClassifier.ShapeOf(kind))
        {
            case AnswerShape.Reversal:
                return new DecisionOutcome(AnswerBuilder.ReversalAccepted, Decision.None, "rule");
            case AnswerShape.Decision when mode != 3:
                return await AskProviderAsync(new DecisionContext(message, kind, mode, request, parsed.Flavour), key, started).ConfigureAwait(false);
            case AnswerShape.Decision:
                return new DecisionOutcome(AnswerBuilder.Acknowledge, Decision.None, "mode3");
        }

        if (kind == MessageKind.ThreddDecisionNotification)
        {
            var original = await _journal.FindEntryAsync(key with { ThreddDecision = false }, CancellationToken.None).ConfigureAwait(false);
            var action = ThreddDecisionReconciler.Reconcile(original, message);
            _logger.Reconciled(key.ToString(), action.ToString(), original?.Decision.ToString() ?? "never seen");
            _metrics.Reconciled(action.ToString());
            return new DecisionOutcome(AnswerBuilder.Acknowledge, Decision.None, "reconciliation") { Reconciliation = action };
        }

        if (kind == MessageKind.Unknown)
        {
            _logger.UnknownKind(key.ToString(), message.Mtid, message.TxnType, message.ProcCode);
        }

        return new DecisionOutcome(AnswerBuilder.Acknowledge, Decision.None, "rule");
    }

    private async Task<DecisionOutcome> AskProviderAsync(DecisionContext context, JournalKey key, long started)
    {
        string fallback = _options.FallbackFor(context.Mode);
        var remaining = _options.Budget - _time.GetElapsedTime(started) - JournalReserve;
        var decision = Decide(context);
        if (!decision.IsCompleted && remaining > TimeSpan.Zero)
        {
            // WaitAsync disposes its timer as soon as the decision arrives: no timer outlives a fast answer.
            await ((Task)decision).WaitAsync(remaining, _time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (decision.IsCompletedSuccessfully)
        {
            var response = ModeRules.Apply(context.Mode, context.Message, decision.Result) with { Acknowledgement = "1" };
            return new DecisionOutcome(response, DecisionOf(response), _provider.Name);
        }

        if (decision.IsCompleted && decision.Exception?.InnerException is BrokenCircuitException)
        {
            // The breaker is open: the core system was not called; the journal says why. (Not
            // GetBaseException: the breaker's exception wraps the failure that opened it.)
            _logger.CircuitOpenFallback(key.ToString(), fallback, _provider.Name);
            _metrics.Fallback("circuit_open");
            return new DecisionOutcome(AnswerBuilder.Fallback(fallback), DecisionOf(AnswerBuilder.Fallback(fallback)), "fallback:circuit-open");
        }

        if (decision.IsCompleted)
        {
            _logger.ProviderFailed(_provider.Name, key.ToString(), decision.Exception?.GetBaseException().Message ?? "cancelled", fallback);
            _metrics.Fallback("provider_failed");
            return new DecisionOutcome(AnswerBuilder.Fallback(fallback), DecisionOf(AnswerBuilder.Fallback(fallback)), "fallback:provider-failed");
        }

        _logger.DeadlinePassed(_provider.Name, key.ToString(), _options.Budget.TotalMilliseconds, fallback);
        _metrics.Fallback("deadline");
        return new DecisionOutcome(AnswerBuilder.Fallback(fallback), DecisionOf(AnswerBuilder.Fallback(fallback)), "fallback:deadline") { Late = decision };
    }

    // A provider that throws synchronously is a failed decision, not a crash of the request.
    private Task<GetTransactionResponse> Decide(DecisionContext context)
    {
        try
        {
            return _provider.DecideAsync(context, CancellationToken.None).AsTask();
        }
        catch (Exception ex)
        {
            return Task.FromException<GetTransactionResponse>(ex);
        }
    }

    private void TrackLateDecision(JournalKey key, Task<GetTransactionResponse> late)
    {
        var work = late.ContinueWith(
            async t =>
            {
                string text = t.IsCompletedSuccessfully
                    ? $"{_provider.Name}:{t.Result.ResponseStatus}"
                    : $"{_provider.Name}:failed:{t.Exception?.GetBaseException().Message}";
                try
                {
                    await _journal.RecordLateDecisionAsync(key, text, CancellationToken.None).ConfigureAwait(false);
                }
                catch (JournalUnavailableException ex)
                {
                    _logger.LateDecisionNotJournalled(key.ToString(), ex.Message);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default).Unwrap();
        _lateWork[work] = true;
        work.ContinueWith(t => _lateWork.TryRemove(t, out _), TaskScheduler.Default);
    }

    private static Decision DecisionOf(GetTransactionResponse response) =>
        ResponseCodes.IsApproval(response.ResponseStatus) ? Decision.Approved : Decision.Declined;

    private sealed record DecisionOutcome(GetTransactionResponse Response, Decision Decision, string DecidedBy)
    {
        public ReconciliationAction? Reconciliation { get; init; }

        public Task<GetTransactionResponse>? Late { get; init; }
    }
}
