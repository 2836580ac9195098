using System.Diagnostics.Metrics;
using Ehi.Core.Classification;

namespace Ehi.Processing.Telemetry;

/// <summary>EHI processing's instruments (meter <c>Ehi.Processing</c>), named after OpenTelemetry's
/// rules: messages by kind, answer status and mode; decision latency against Thredd's budget;
/// fallbacks, resends, duplicates, TXn_ID conflicts, reconciliations, Cut-Off mismatches, rejected
/// bodies, journal failures and ledger verify failures.</summary>
public sealed class ProcessingMetrics : IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Ehi.Processing";

    private readonly Meter _meter;
    private readonly Counter<long> _messages;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _resends;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _reconciliations;
    private readonly Counter<long> _cutOffs;
    private readonly Counter<long> _cutOffMismatches;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _journalUnavailable;
    private readonly Counter<long> _verifyFailures;

    /// <summary>Creates the instruments from <paramref name="meters"/> (one set per host).</summary>
    public ProcessingMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _messages = _meter.CreateCounter<long>("ehi.messages", "{message}", "EHI messages answered, by kind, answer status (Responsestatus, or none) and mode.");
        _duration = _meter.CreateHistogram<double>("ehi.decision.duration", "s", "Time from receiving a message to its durable answer; Thredd's budget is 0.2 s.");
        _fallbacks = _meter.CreateCounter<long>("ehi.fallbacks", "{message}", "Fallback answers sent because the decision provider missed the budget or failed.");
        _resends = _meter.CreateCounter<long>("ehi.resends", "{message}", "Messages Thredd sent again, by SendingAttemptCount.");
        _duplicates = _meter.CreateCounter<long>("ehi.duplicates", "{message}", "Repeats answered with the stored answer (replays).");
        _conflicts = _meter.CreateCounter<long>("ehi.txn_id.conflicts", "{message}", "Repeats of a TXn_ID whose content differs from the journalled message.");
        _reconciliations = _meter.CreateCounter<long>("ehi.reconciliations", "{message}", "Thredd-decision notifications reconciled, by outcome.");
        _cutOffs = _meter.CreateCounter<long>("ehi.cutoffs", "{cutoff}", "Cut-Offs received, by outcome (agrees, differs).");
        _cutOffMismatches = _meter.CreateCounter<long>("ehi.cutoff.mismatches", "{cutoff}", "Cut-Offs whose counts differ from the journal.");
        _rejected = _meter.CreateCounter<long>("ehi.rejected_bodies", "{request}", "Bodies refused with 400, by reason.");
        _journalUnavailable = _meter.CreateCounter<long>("ehi.journal.failures", "{message}", "Messages answered with a resend request because the journal could not store them.");
        _verifyFailures = _meter.CreateCounter<long>("ehi.ledger.verify.failures", "{violation}", "Ledger invariant violations found by a verify run.");
    }

    /// <summary>A message answered (from the journal's durable answer).</summary>
    public void Answered(MessageKind kind, string? responseStatus, int mode, TimeSpan elapsed)
    {
        var kindTag = new KeyValuePair<string, object?>("ehi.message.kind", KindName(kind));
        _messages.Add(1, kindTag, new("ehi.answer.status", responseStatus ?? "none"), new("ehi.mode", mode));
        _duration.Record(elapsed.TotalSeconds, kindTag);
    }

    /// <summary>A message arrived with a SendingAttemptCount above zero.</summary>
    public void Resent(int? attempt)
    {
        if (attempt is > 0)
        {
            _resends.Add(1, new KeyValuePair<string, object?>("ehi.sending_attempt", attempt.Value));
        }
    }

    /// <summary>The fallback was answered; <paramref name="reason"/> is deadline or provider_failed.</summary>
    public void Fallback(string reason) => _fallbacks.Add(1, new KeyValuePair<string, object?>("ehi.fallback.reason", reason));

    /// <summary>A repeat was answered from the journal or from the copy in flight.</summary>
    public void Duplicate(string source) => _duplicates.Add(1, new KeyValuePair<string, object?>("ehi.duplicate.source", source));

    /// <summary>A repeat's content differs from the journalled message.</summary>
    public void Conflict() => _conflicts.Add(1);

    /// <summary>A Thredd decision was reconciled.</summary>
    public void Reconciled(string action) => _reconciliations.Add(1, new KeyValuePair<string, object?>("ehi.reconciliation.outcome", action));

    /// <summary>A Cut-Off was compared with the journal.</summary>
    public void CutOff(bool agrees)
    {
        _cutOffs.Add(1, new KeyValuePair<string, object?>("ehi.cutoff.outcome", agrees ? "agrees" : "differs"));
        if (!agrees)
        {
            _cutOffMismatches.Add(1);
        }
    }

    /// <summary>A body was refused.</summary>
    public void Rejected(string problemType) => _rejected.Add(1, new KeyValuePair<string, object?>("ehi.rejection.reason", ReasonOf(problemType)));

    /// <summary>The journal could not store a message.</summary>
    public void JournalFailed() => _journalUnavailable.Add(1);

    /// <summary>A ledger verify run found violations.</summary>
    public void VerifyFailed(int violations) => _verifyFailures.Add(violations);

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    /// <summary>Instruments nobody collects (for a processor built outside a host).</summary>
    public static ProcessingMetrics Unobserved() => new(new StandaloneMeterFactory());

    // The last path segment of the problem type URI: "https://.../problems/not-json" is not-json.
    private static string ReasonOf(string problemType)
    {
        int slash = problemType.LastIndexOfAny(['/', '#', ':']);
        return slash >= 0 && slash < problemType.Length - 1 ? problemType[(slash + 1)..] : problemType;
    }

    private static string KindName(MessageKind kind) => kind.ToString();

    private sealed class StandaloneMeterFactory : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }
}
