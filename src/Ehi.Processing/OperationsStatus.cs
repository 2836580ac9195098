using Ehi.Core.Handling;
using Ehi.Processing.Journal;

namespace Ehi.Processing;

/// <summary>The processing side's facts for the status page: the last Cut-Offs with their
/// reconciliation, read from the journal, and the readiness probes' results.</summary>
public sealed class OperationsStatus(Storage.IJournalStore journal, IEnumerable<IReadinessProbe> probes) : IOperationsStatus
{
    private const int LatestCutOffs = 10;

    /// <inheritdoc />
    public async ValueTask<OperationsReport> ReportAsync(CancellationToken cancellationToken)
    {
        var cutOffs = new List<CutOffStatus>();
        var components = new List<ComponentStatus>();
        try
        {
            // The journal lists oldest first; keep the newest few.
            await foreach (var c in journal.ListCutOffsAsync(cancellationToken).ConfigureAwait(false))
            {
                cutOffs.Add(new CutOffStatus(c.CutOffId, c.ReceivedAt, c.FirstTransactionId, c.LastTransactionId, c.Differences));
                if (cutOffs.Count > LatestCutOffs)
                {
                    cutOffs.RemoveAt(0);
                }
            }
        }
        catch (JournalUnavailableException ex)
        {
            components.Add(new ComponentStatus("journal", false, ex.Message));
        }

        foreach (var probe in probes)
        {
            try
            {
                var result = await probe.ProbeAsync(cancellationToken).ConfigureAwait(false);
                components.Add(new ComponentStatus(probe.Name, result.Ready, result.Detail));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                components.Add(new ComponentStatus(probe.Name, false, ex.Message));
            }
        }

        cutOffs.Reverse();
        return new OperationsReport(cutOffs, components);
    }
}
