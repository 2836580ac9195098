using Ehi.Core.Codec;
using Ehi.Core.Handling;
using Ehi.Core.Messages;
using Ehi.Processing.Journal;
using Ehi.Processing.Reconciliation;
using Ehi.Processing.Telemetry;
using Microsoft.Extensions.Logging;

namespace Ehi.Processing;

/// <summary>Cut-Offs and refused bodies.</summary>
public sealed partial class EhiProcessor
{
    private async Task<EhiAnswer> CutOffAsync(EhiRequest request, ParsedMessage.CutOffSummary parsed)
    {
        var cutOff = parsed.Message;
        long id = cutOff.Id!.Value;
        try
        {
            if (await _journal.FindCutOffAnswerAsync(id, CancellationToken.None).ConfigureAwait(false) is { } stored)
            {
                _logger.Replayed("cutoff/" + id, null);
                return ToAnswer(stored);
            }

            long first = cutOff.FirstTransactionId ?? 0;
            long last = cutOff.LastTransactionId ?? -1;
            var counted = await _journal.CountAsync(first, last, CancellationToken.None).ConfigureAwait(false);
            var differences = CutOffReconciler.Differences(cutOff.Counts, counted);
            foreach (string difference in differences)
            {
                _logger.CutOffDifference(id, first, last, difference);
            }

            if (differences.Count == 0)
            {
                _logger.CutOffAgrees(id, first, last);
            }

            _metrics.CutOff(differences.Count == 0);

            var (body, contentType) = EhiCodec.EncodeCutOff(acknowledged: true, parsed.Flavour);
            var record = new CutOffRecord(id, cutOff.ProductId, first, last, cutOff.Counts, counted, differences, request.Body, new StoredAnswer(body, contentType), request.ReceivedAt);
            var outcome = await _journal.AppendCutOffAsync(record, CancellationToken.None).ConfigureAwait(false);
            return ToAnswer(outcome.Answer);
        }
        catch (JournalUnavailableException ex)
        {
            _logger.JournalUnavailable("cutoff/" + id, ex.Message);
            var (body, contentType) = EhiCodec.EncodeCutOff(acknowledged: false, parsed.Flavour);
            return new EhiAnswer(200, contentType, body);
        }
    }

    private async ValueTask<EhiAnswer> RejectAsync(EhiRequest request, EhiProblem problem)
    {
        _metrics.Rejected(problem.Type);
        try
        {
            await _journal.RecordRejectedAsync(
                new RejectedMessage(request.ReceivedAt, problem.Type, problem.Detail, request.Body, request.ContentType, request.TraceParent, request.ClientThumbprint)
                {
                    RemoteAddress = request.RemoteAddress,
                },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (JournalUnavailableException ex)
        {
            _logger.RejectionNotJournalled(ex.Message);
        }

        return new EhiAnswer(400, "application/problem+json", problem.ToJson(400));
    }
}
