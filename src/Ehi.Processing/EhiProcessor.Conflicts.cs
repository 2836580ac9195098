using Ehi.Core.Codec;
using Ehi.Core.Handling;
using Ehi.Processing.Journal;
using Ehi.Processing.Telemetry;

namespace Ehi.Processing;

/// <summary>TXn_ID content conflicts: a repeat whose content differs from the journalled message.</summary>
public sealed partial class EhiProcessor
{
    // The repeat still gets the stored answer (the key decides: that is the protocol), but operations
    // must see it: logged with both values, counted, and kept in the journal. Nothing here may change
    // or fail the answer, so a journal that cannot be read or written is only logged.
    private async Task CheckSameContentAsync(JournalKey key, EhiRequest request, ParsedMessage.Transaction repeat)
    {
        try
        {
            if (await _journal.FindEntryAsync(key, CancellationToken.None).ConfigureAwait(false) is not { } original
                || EhiCodec.Parse(new EhiRequest(original.Body, original.ContentType, null, null, null, original.ReceivedAt)) is not ParsedMessage.Transaction journalled)
            {
                return;
            }

            var differences = TxnConflictComparer.Compare(journalled.Message, repeat.Message);
            if (differences.Count == 0)
            {
                return;
            }

            _metrics.Conflict();
            _logger.ContentConflict(key.ToString(), string.Join("; ", differences), original.Flavour, repeat.Flavour.ToString(), repeat.Message.SendingAttemptCount);
            await _journal.RecordConflictAsync(
                new TxnConflict
                {
                    Key = key,
                    DetectedAt = request.ReceivedAt,
                    Flavour = repeat.Flavour.ToString(),
                    SendingAttempt = repeat.Message.SendingAttemptCount,
                    Differences = differences,
                    Body = request.Body,
                    ContentType = request.ContentType,
                    RemoteAddress = request.RemoteAddress,
                },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (JournalUnavailableException ex)
        {
            _logger.ConflictNotJournalled(key.ToString(), ex.Message);
        }
    }
}
