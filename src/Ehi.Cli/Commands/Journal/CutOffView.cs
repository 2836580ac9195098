using Ehi.Core.Messages;
using Ehi.Processing.Journal;

namespace Ehi.Cli.Commands.Journal;

/// <summary>A Cut-Off reconciliation as `ehi journal cutoffs --json` prints it.</summary>
internal sealed record CutOffView(long CutOffId, long? ProductId, long FirstTransactionId, long LastTransactionId, DateTimeOffset ReceivedAt, CutOffCounts Reported, CutOffCounts Counted, IReadOnlyList<string> Differences)
{
    public static CutOffView From(CutOffRecord r) => new(r.CutOffId, r.ProductId, r.FirstTransactionId, r.LastTransactionId, r.ReceivedAt, r.Reported, r.Counted, r.Differences);
}
