using System.Diagnostics;
using Ehi.Core.Classification;
using Ehi.Processing.Journal;

namespace Ehi.Processing.Telemetry;

/// <summary>One span per EHI message (<c>ehi.message</c> from the <c>Ehi.Processing</c> source),
/// continuing Thredd's W3C <c>traceparent</c>: under ASP.NET Core's request span when that is
/// recorded, else directly under Thredd's span. The forward provider's call carries this span on,
/// so one trace runs from Thredd through ehi to the core system.</summary>
public static class ProcessingTracing
{
    /// <summary>The ActivitySource's name (exported by the server's tracing set-up, <c>Ehi.*</c>).</summary>
    public const string SourceName = "Ehi.Processing";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts the message's span, or returns null when nobody records traces.</summary>
    public static Activity? StartMessage(string? traceParent, MessageKind kind, JournalKey key, int? sendingAttempt)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Activity.Current is null && traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var thredd)
            ? Source.StartActivity("ehi.message", ActivityKind.Server, thredd)
            : Source.StartActivity("ehi.message", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("ehi.txn_id", key.TxnId);
            activity.SetTag("ehi.thredd_decision", key.ThreddDecision);
            activity.SetTag("ehi.message.kind", kind.ToString());
            if (sendingAttempt is { } attempt)
            {
                activity.SetTag("ehi.sending_attempt", attempt);
            }
        }

        return activity;
    }

    /// <summary>The traceparent to pass on to the core system: this message's span when there is
    /// one, else Thredd's header as it came.</summary>
    public static string? Outgoing(string? traceParent) =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C, Source.Name: SourceName } current ? current.Id : traceParent;
}
