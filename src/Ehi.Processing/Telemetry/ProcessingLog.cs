using Microsoft.Extensions.Logging;

namespace Ehi.Processing.Telemetry;

/// <summary>Source-generated log events of EHI processing (ids 310-329; see the server's EventIds for the table).</summary>
internal static partial class ProcessingLog
{
    [LoggerMessage(310, LogLevel.Information, "Connectivity probe answered with Acknowledgement 0 (a JSON object without EHI fields, as the guide's curl test sends); not journalled")]
    public static partial void ConnectivityProbe(this ILogger logger);

    [LoggerMessage(311, LogLevel.Information, "Repeat of {Key} (SendingAttemptCount {Attempt}) answered with the stored answer")]
    public static partial void Replayed(this ILogger logger, string key, int? attempt);

    [LoggerMessage(312, LogLevel.Warning, "Decision provider {Provider} failed for {Key}: {Reason}; answered with fallback {Fallback}")]
    public static partial void ProviderFailed(this ILogger logger, string provider, string key, string reason, string fallback);

    [LoggerMessage(313, LogLevel.Warning, "Decision provider {Provider} missed the {BudgetMs} ms budget for {Key}; answered with fallback {Fallback}, the late decision will be journalled")]
    public static partial void DeadlinePassed(this ILogger logger, string provider, string key, double budgetMs, string fallback);

    [LoggerMessage(314, LogLevel.Error, "Journal unavailable while processing {Key}: {Reason}; answered so that Thredd resends")]
    public static partial void JournalUnavailable(this ILogger logger, string key, string reason);

    [LoggerMessage(315, LogLevel.Information, "Thredd decision for {Key} reconciled: {Action} (our decision {Ours})")]
    public static partial void Reconciled(this ILogger logger, string key, string action, string ours);

    [LoggerMessage(316, LogLevel.Warning, "Cut-Off {CutOffId} (TXn_ID {First}..{Last}) differs from the journal: {Difference}")]
    public static partial void CutOffDifference(this ILogger logger, long cutOffId, long first, long last, string difference);

    [LoggerMessage(317, LogLevel.Information, "Cut-Off {CutOffId} (TXn_ID {First}..{Last}) agrees with the journal")]
    public static partial void CutOffAgrees(this ILogger logger, long cutOffId, long first, long last);

    [LoggerMessage(318, LogLevel.Warning, "Message {Key} has an unknown (MTID {Mtid}, Txn_Type {TxnType}, Proc_Code {ProcCode}) combination; acknowledged and journalled for review")]
    public static partial void UnknownKind(this ILogger logger, string key, string? mtid, string? txnType, string? procCode);

    [LoggerMessage(319, LogLevel.Error, "Late decision for {Key} could not be journalled: {Reason}")]
    public static partial void LateDecisionNotJournalled(this ILogger logger, string key, string reason);

    [LoggerMessage(320, LogLevel.Error, "Rejected body could not be journalled: {Reason}")]
    public static partial void RejectionNotJournalled(this ILogger logger, string reason);

    [LoggerMessage(321, LogLevel.Warning, "Forward provider circuit breaker opened for {BreakMs} ms after repeated failures (last: {Reason}); messages get the fallback at once until a probe succeeds")]
    public static partial void BreakerOpened(this ILogger logger, double breakMs, string reason);

    [LoggerMessage(322, LogLevel.Information, "Forward provider circuit breaker half-open: the next message probes the decision service")]
    public static partial void BreakerHalfOpen(this ILogger logger);

    [LoggerMessage(323, LogLevel.Information, "Forward provider circuit breaker closed: the decision service answers again")]
    public static partial void BreakerClosed(this ILogger logger);

    [LoggerMessage(324, LogLevel.Debug, "Circuit breaker open: {Key} answered with fallback {Fallback} without calling {Provider}")]
    public static partial void CircuitOpenFallback(this ILogger logger, string key, string fallback, string provider);

    // 321 was given to this event and the breaker's at once; the conflict moved to its own id.
    [LoggerMessage(325, LogLevel.Warning, "TXn_ID conflict on {Key}: the repeat differs from the journalled message ({Differences}; journalled as {Flavour}, repeat as {NewFlavour}, SendingAttemptCount {Attempt}); answered with the stored answer, listed by ehi journal conflicts")]
    public static partial void ContentConflict(this ILogger logger, string key, string differences, string flavour, string newFlavour, int? attempt);

    [LoggerMessage(326, LogLevel.Error, "TXn_ID conflict on {Key} could not be journalled: {Reason}; the stored answer was given all the same")]
    public static partial void ConflictNotJournalled(this ILogger logger, string key, string reason);
}
