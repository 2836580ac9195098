using System.Collections.Concurrent;
using System.Diagnostics;
using Ehi.Core.Classification;
using Ehi.Core.Codec;
using Ehi.Core.Handling;
using Ehi.Core.Messages;
using Ehi.Processing.Answers;
using Ehi.Processing.Configuration;
using Ehi.Processing.Decisions;
using Ehi.Processing.Journal;
using Ehi.Processing.Reconciliation;
using Ehi.Processing.Storage;
using Ehi.Processing.Telemetry;
using Microsoft.Extensions.Logging;

namespace Ehi.Processing;

/// <summary>Processes each EHI message exactly once: parse, look up its key, decide within the
/// budget, journal durably, then answer. A repeat gets the stored answer byte for byte; two copies
/// arriving at the same instant share one processing; nothing is acknowledged before it is stored.</summary>
public sealed partial class EhiProcessor : IEhiMessageHandler
{
    private static readonly EhiAnswer ProbeAnswer = new(200, "application/json", """{"Acknowledgement":"0"}"""u8.ToArray());

    private readonly IJournalStore _journal;
    private readonly IDecider _decider;
    private readonly ProcessingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<EhiProcessor> _logger;
    private readonly ProcessingMetrics _metrics;
    private readonly ConcurrentDictionary<JournalKey, Task<EhiAnswer>> _inFlight = new();
    private readonly ConcurrentDictionary<Task, bool> _lateWork = new();

    /// <summary>Creates the processor.</summary>
    public EhiProcessor(IJournalStore journal, IDecider decider, ProcessingOptions options, TimeProvider time, ILogger<EhiProcessor> logger, ProcessingMetrics? metrics = null)
    {
        _metrics = metrics ?? ProcessingMetrics.Unobserved();
        _journal = journal;
        _decider = decider;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Runs the parse, classify, look-up and encode paths once without storing anything, so
    /// the first real message does not pay for JIT compilation and connection set-up. When planning
    /// has no side effects, a message for a card that does not exist is also decided and its
    /// transaction rehearsed in the real store (rolled back, nothing stored).</summary>
    public async Task WarmUpAsync()
    {
        long started = _time.GetTimestamp();
        var probe = new EhiRequest("""{"MTID":"0100","Txn_Type":"A","TXn_ID":-1,"Token":-1,"Proc_Code":"000000","Bill_Amt":-1.00,"Bill_Ccy":"826","Txn_GPS_Date":"2025-01-01 00:00:00.000"}"""u8.ToArray(), "application/json", null, null, null, _time.GetUtcNow());
        if (EhiCodec.Parse(probe) is ParsedMessage.Transaction parsed)
        {
            var kind = MessageClassifier.Classify(parsed.Message);
            var key = new JournalKey(-1, false);
            EhiCodec.Encode(AnswerBuilder.Fallback("05"), MessageFlavour.Json);
            await _journal.FindAnswerAsync(key, CancellationToken.None).ConfigureAwait(false);
            if (_decider.PlansWithoutSideEffects)
            {
                var mode = _options.ModeFor(parsed.Message.ProductId);
                var plan = await _decider.PlanAsync(new DecisionRequest(probe, parsed.Message, parsed.Flavour, kind, key, mode, AnswerRules.For(mode, kind), null, started)).ConfigureAwait(false);
                await _journal.RehearseAsync(
                    new MessageUnit(key, plan.Reads, snapshot =>
                    {
                        var outcome = plan.Decide(snapshot);
                        return new MessageCommit(Entry(probe, parsed, kind, key, outcome, started), outcome.Effects);
                    }),
                    CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits for decisions that missed their deadline to be journalled (used at shutdown and in tests).</summary>
    public Task DrainLateWorkAsync() => Task.WhenAll(_lateWork.Keys);

    /// <inheritdoc />
    public async ValueTask<EhiAnswer> HandleAsync(EhiRequest request, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        if (request.OversizedLimit is { } limit)
        {
            return await RejectAsync(request, EhiProblem.TooLarge(limit)).ConfigureAwait(false);
        }

        switch (EhiCodec.Parse(request))
        {
            case ParsedMessage.Malformed malformed:
                return await RejectAsync(request, malformed.Problem).ConfigureAwait(false);
            case ParsedMessage.ConnectivityProbe:
                _logger.ConnectivityProbe();
                return ProbeAnswer;
            case ParsedMessage.CutOffSummary cutOff:
                return await CutOffAsync(request, cutOff).ConfigureAwait(false);
            case ParsedMessage.Transaction transaction:
                return await TransactionAsync(request, transaction, started).ConfigureAwait(false);
            default:
                throw new InvalidOperationException("unreachable");
        }
    }

    private async Task<EhiAnswer> TransactionAsync(EhiRequest request, ParsedMessage.Transaction parsed, long started)
    {
        var message = parsed.Message;
        var kind = MessageClassifier.Classify(message);
        var key = new JournalKey(message.TxnId!.Value, kind == MessageKind.ThreddDecisionNotification);
        _metrics.Resent(message.SendingAttemptCount);
        using var span = ProcessingTracing.StartMessage(request.TraceParent, kind, key, message.SendingAttemptCount);

        // Two copies at the same instant: the second waits for the first's answer.
        var mine = new TaskCompletionSource<EhiAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        var current = _inFlight.GetOrAdd(key, mine.Task);
        if (current != mine.Task)
        {
            _logger.Replayed(key.ToString(), message.SendingAttemptCount);
            _metrics.Duplicate("in_flight");
            span?.SetTag("ehi.replayed", "in_flight");
            var shared = await current.ConfigureAwait(false);
            await CheckSameContentAsync(key, request, parsed).ConfigureAwait(false);
            return InFlavour(shared, parsed.Flavour);
        }

        try
        {
            var answer = await ProcessAsync(request, parsed, kind, key, started).ConfigureAwait(false);
            mine.SetResult(answer);
            return answer;
        }
        catch (Exception ex)
        {
            mine.SetException(ex);
            throw;
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<JournalKey, Task<EhiAnswer>>(key, mine.Task));
        }
    }

    private async Task<EhiAnswer> ProcessAsync(EhiRequest request, ParsedMessage.Transaction parsed, MessageKind kind, JournalKey key, long started)
    {
        var message = parsed.Message;
        var mode = _options.ModeFor(message.ProductId);
        try
        {
            // A decider whose planning reaches outside the transaction (a core system) must not see a
            // repeat: the journal is asked first. Otherwise the commit finds the repeat under the
            // card's lock anyway, and asking first would cost every message a round trip.
            if (!_decider.PlansWithoutSideEffects && await _journal.FindAnswerAsync(key, CancellationToken.None).ConfigureAwait(false) is { } stored)
            {
                return await ReplayAsync(request, parsed, key, stored).ConfigureAwait(false);
            }

            ReconciliationAction? action = null;
            if (kind == MessageKind.ThreddDecisionNotification)
            {
                var original = await _journal.FindEntryAsync(key with { ThreddDecision = false }, CancellationToken.None).ConfigureAwait(false);
                action = ThreddDecisionReconciler.Reconcile(original, message);
                _logger.Reconciled(key.ToString(), action.Value.ToString(), original?.Decision.ToString() ?? "never seen");
                _metrics.Reconciled(action.Value.ToString());
            }
            else if (kind == MessageKind.Unknown)
            {
                _logger.UnknownKind(key.ToString(), message.Mtid, message.TxnType, message.ProcCode);
            }

            // One pipeline whoever decides: plan, then commit the entry, its effects and its answer together.
            var rule = AnswerRules.For(mode, kind);
            var plan = await _decider.PlanAsync(new DecisionRequest(request, message, parsed.Flavour, kind, key, mode, rule, action, started)).ConfigureAwait(false);
            string? status = null;
            var unit = new MessageUnit(key, plan.Reads, snapshot =>
            {
                var outcome = plan.Decide(snapshot);
                status = outcome.Response.ResponseStatus;
                return new MessageCommit(Entry(request, parsed, kind, key, outcome, started), outcome.Effects);
            });
            var committed = await _journal.CommitAsync(unit, CancellationToken.None).ConfigureAwait(false);
            if (!committed.Stored)
            {
                // A repeat, or a copy another host journalled first (in either flavour): its answer is the one given.
                return await ReplayAsync(request, parsed, key, committed.Answer).ConfigureAwait(false);
            }

            _metrics.Answered(kind, status, (int)mode, _time.GetElapsedTime(started));
            Activity.Current?.SetTag("ehi.response_status", status).SetTag("ehi.stored", committed.Stored);
            if (plan.Late is { } late)
            {
                TrackLateDecision(key, late);
            }

            return InFlavour(ToAnswer(committed.Answer), parsed.Flavour);
        }
        catch (JournalUnavailableException ex)
        {
            _logger.JournalUnavailable(key.ToString(), ex.Message);
            _metrics.JournalFailed();
            Activity.Current?.SetStatus(ActivityStatusCode.Error, "journal unavailable: answered resend");
            var (body, contentType) = EhiCodec.Encode(AnswerBuilder.ResendLater(kind, _options.FallbackFor(mode)), parsed.Flavour);
            return new EhiAnswer(200, contentType, body);
        }
    }

    private async Task<EhiAnswer> ReplayAsync(EhiRequest request, ParsedMessage.Transaction parsed, JournalKey key, StoredAnswer stored)
    {
        _logger.Replayed(key.ToString(), parsed.Message.SendingAttemptCount);
        _metrics.Duplicate("journal");
        Activity.Current?.SetTag("ehi.replayed", "journal");
        await CheckSameContentAsync(key, request, parsed).ConfigureAwait(false);
        return InFlavour(ToAnswer(stored), parsed.Flavour);
    }

    private JournalEntry Entry(EhiRequest request, ParsedMessage.Transaction parsed, MessageKind kind, JournalKey key, DecisionOutcome outcome, long started)
    {
        var message = parsed.Message;
        var (body, contentType) = EhiCodec.Encode(outcome.Response, parsed.Flavour);
        return new JournalEntry
        {
            Key = key,
            Kind = kind,
            Mtid = message.Mtid,
            TxnType = message.TxnType,
            ProcCode = message.ProcCode,
            Token = message.Token,
            Lifecycle = message.TraceidLifecycle,
            TransLink = message.TransLink,
            ProductId = message.ProductId,
            SendingAttempt = message.SendingAttemptCount,
            Flavour = parsed.Flavour.ToString(),
            Body = request.Body,
            ContentType = request.ContentType,
            Answer = new StoredAnswer(body, contentType),
            Acknowledged = outcome.Response.Acknowledgement == "1",
            ResponseStatus = outcome.Response.ResponseStatus,
            Decision = outcome.Decision,
            DecidedBy = outcome.DecidedBy,
            Reconciliation = outcome.Reconciliation?.ToString(),
            Effect = outcome.Summary,
            PostingLegs = outcome.Summary is null ? null : outcome.Effects.Postings.Count,
            ReceivedAt = request.ReceivedAt,
            ElapsedMicroseconds = (long)_time.GetElapsedTime(started).TotalMicroseconds,
            TraceParent = request.TraceParent,
            ClientThumbprint = request.ClientThumbprint,
            RemoteAddress = request.RemoteAddress,
        };
    }

    private static EhiAnswer ToAnswer(StoredAnswer stored) => new(200, stored.ContentType, stored.Body);

    // A resend in the other flavour gets the same decision in its own flavour; the same flavour gets the stored bytes.
    private static EhiAnswer InFlavour(EhiAnswer answer, MessageFlavour flavour) =>
        answer.StatusCode == 200 && AnswerTranscoder.To(answer.Body, answer.ContentType, flavour) is var (body, contentType)
            ? answer with { Body = body, ContentType = contentType }
            : answer;
}
