namespace Ehi.Core.Handling;

/// <summary>What the processing side tells the status page: the last Cut-Offs with their
/// reconciliation, and the health of the journal and the ledger. Optional: a server without
/// processing shows none.</summary>
public interface IOperationsStatus
{
    /// <summary>The current report.</summary>
    ValueTask<OperationsReport> ReportAsync(CancellationToken cancellationToken);
}

/// <summary>The processing side's facts for the status page.</summary>
/// <param name="CutOffs">The latest Cut-Offs, newest first.</param>
/// <param name="Components">The journal, the ledger and the database, each with its state.</param>
public sealed record OperationsReport(IReadOnlyList<CutOffStatus> CutOffs, IReadOnlyList<ComponentStatus> Components);

/// <summary>One Cut-Off and how it compared with the journal.</summary>
/// <param name="Id">The CutOffId.</param>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="FirstTxnId">The first TXn_ID it covers.</param>
/// <param name="LastTxnId">The last TXn_ID it covers.</param>
/// <param name="Differences">Each count that differs from the journal; empty when it agrees.</param>
public sealed record CutOffStatus(long Id, DateTimeOffset ReceivedAt, long FirstTxnId, long LastTxnId, IReadOnlyList<string> Differences);

/// <summary>The state of one component.</summary>
/// <param name="Name">journal, ledger, database.</param>
/// <param name="Healthy">True when it works.</param>
/// <param name="Detail">One sentence.</param>
public sealed record ComponentStatus(string Name, bool Healthy, string Detail);
