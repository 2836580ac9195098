using Ehi.Core.Messages;
using Ehi.Processing.Journal;
using Ehi.Processing.Telemetry;

namespace Ehi.Processing;

/// <summary>Decisions that arrive after the budget: journalled beside the fallback that was sent.</summary>
public sealed partial class EhiProcessor
{
    private void TrackLateDecision(JournalKey key, Task<GetTransactionResponse> late)
    {
        var work = late.ContinueWith(
            async t =>
            {
                string text = t.IsCompletedSuccessfully
                    ? $"{_decider.Name}:{t.Result.ResponseStatus}"
                    : $"{_decider.Name}:failed:{t.Exception?.GetBaseException().Message}";
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
}
