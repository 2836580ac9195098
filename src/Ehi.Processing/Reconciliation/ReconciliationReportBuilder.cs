using Ehi.Core.Classification;
using Ehi.Core.Codec;
using Ehi.Core.Handling;
using Ehi.Processing.Journal;
using Ehi.Processing.Ledger;
using Ehi.Processing.Storage;

namespace Ehi.Processing.Reconciliation;

/// <summary>Builds the <see cref="ReconciliationReport"/> of a window from any store, through the
/// ports: the journal's entries of the window (amounts from their bodies), the ledger's postings,
/// holds and unmatched messages from one audit view, and the Cut-Offs. A posting belongs to the
/// message whose TXn_ID it carries; when a request and Thredd's decision notification share a
/// TXn_ID, the request's recorded number of legs comes first (postings are written in order).</summary>
public static class ReconciliationReportBuilder
{
    /// <summary>Builds the report for the UTC days [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public static async Task<ReconciliationReport> BuildAsync(IEhiStore store, DateOnly from, DateOnly to, int holdAgeDays, CancellationToken cancellationToken)
    {
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var entries = new List<JournalEntry>();
        await foreach (var entry in store.ListAsync(new JournalQuery { Since = start, Until = end, Limit = int.MaxValue }, cancellationToken).ConfigureAwait(false))
        {
            entries.Add(entry);
        }

        var txnIds = entries.Select(e => e.Key.TxnId).ToHashSet();
        var postings = new Dictionary<long, List<Posting>>();
        var unmatched = new HashSet<long>();
        var openHolds = new List<Hold>();
        await using (var audit = await store.OpenAuditAsync(cancellationToken).ConfigureAwait(false))
        {
            await foreach (var posting in audit.PostingsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (txnIds.Contains(posting.TxnId))
                {
                    (postings.TryGetValue(posting.TxnId, out var list) ? list : postings[posting.TxnId] = []).Add(posting);
                }
            }

            await foreach (var record in audit.UnmatchedAsync(cancellationToken).ConfigureAwait(false))
            {
                if (record.Kind == MessageKind.Presentment && txnIds.Contains(record.TxnId))
                {
                    unmatched.Add(record.TxnId);
                }
            }

            await foreach (var hold in audit.HoldsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (hold.Open)
                {
                    openHolds.Add(hold);
                }
            }
        }

        var cutOffs = new List<CutOffRecord>();
        await foreach (var cutOff in store.ListCutOffsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (cutOff.ReceivedAt >= start && cutOff.ReceivedAt < end)
            {
                cutOffs.Add(cutOff);
            }
        }

        var legsOf = Attribute(entries, postings);
        var days = entries.Select(e => Day(e.ReceivedAt)).Concat(cutOffs.Select(c => Day(c.ReceivedAt))).Distinct().Order()
            .Select(day => BuildDay(day, [.. entries.Where(e => Day(e.ReceivedAt) == day)], legsOf, unmatched, [.. cutOffs.Where(c => Day(c.ReceivedAt) == day)]))
            .ToList();

        var oldHolds = new List<OldHold>();
        var threshold = end.AddDays(-holdAgeDays);
        foreach (var hold in openHolds)
        {
            if (await store.FindEntryAsync(new JournalKey(hold.TxnId, false), cancellationToken).ConfigureAwait(false) is { } auth && auth.ReceivedAt < threshold)
            {
                oldHolds.Add(new OldHold(hold.TxnId, hold.Token, hold.Amount, auth.ReceivedAt));
            }
        }

        var totals = new ReconciliationTotals(
            days.Sum(d => d.Messages.Sum(m => m.Count)),
            days.Sum(d => d.Messages.Sum(m => m.PostedActual)),
            days.Sum(d => d.Messages.Sum(m => m.PostedBlocked)));
        var all = postings.Values.SelectMany(p => p).ToList();
        var ledger = new ReconciliationTotals(entries.Count, Sum(all, PostingLeg.CardActual), Sum(all, PostingLeg.CardBlocked));
        return new ReconciliationReport(1, from, to, holdAgeDays, days, oldHolds, totals, ledger, totals == ledger);
    }

    private static ReconciliationDay BuildDay(DateOnly day, List<JournalEntry> entries, Dictionary<JournalKey, List<Posting>> legsOf, HashSet<long> unmatched, List<CutOffRecord> cutOffs)
    {
        var lines = new Dictionary<(MessageKind, string), (int Count, decimal Amount, decimal Actual, decimal Blocked)>();
        var withoutAuthorisation = new List<PresentmentLine>();
        var overHold = new List<PresentmentLine>();
        foreach (var e in entries)
        {
            var (amount, currency) = AmountOf(e);
            var legs = legsOf.GetValueOrDefault(e.Key) ?? [];
            decimal actual = Sum(legs, PostingLeg.CardActual), blocked = Sum(legs, PostingLeg.CardBlocked);
            var key = (e.Kind, currency);
            var line = lines.GetValueOrDefault(key);
            lines[key] = (line.Count + 1, line.Amount + Math.Abs(amount ?? 0m), line.Actual + actual, line.Blocked + blocked);
            if (e.Kind == MessageKind.Presentment && actual < 0m)
            {
                if (unmatched.Contains(e.Key.TxnId))
                {
                    withoutAuthorisation.Add(new PresentmentLine(e.Key.TxnId, e.Token, -actual, -blocked));
                }
                else if (-actual > -blocked)
                {
                    overHold.Add(new PresentmentLine(e.Key.TxnId, e.Token, -actual, -blocked));
                }
            }
        }

        var decisions = entries.Where(e => e.Decision != Decision.None)
            .GroupBy(e => (e.Decision.ToString(), e.ResponseStatus ?? "-"))
            .Select(g => new DecisionLine(g.Key.Item1, g.Key.Item2, g.Count()))
            .OrderBy(d => d.Decision, StringComparer.Ordinal).ThenBy(d => d.ResponseStatus, StringComparer.Ordinal).ToList();
        var thredd = entries.Where(e => e.Kind == MessageKind.ThreddDecisionNotification)
            .GroupBy(e => e.Reconciliation ?? "-")
            .Select(g => new ThreddDecisionLine(g.Key, EffectOf(g.Key), g.Count()))
            .OrderBy(t => t.Reconciliation, StringComparer.Ordinal).ToList();
        return new ReconciliationDay(
            day,
            [.. lines.OrderBy(l => l.Key.Item1.ToString(), StringComparer.Ordinal).ThenBy(l => l.Key.Item2, StringComparer.Ordinal).Select(l => new KindLine(l.Key.Item1.ToString(), l.Key.Item2, l.Value.Count, l.Value.Amount, l.Value.Actual, l.Value.Blocked))],
            decisions,
            thredd,
            withoutAuthorisation,
            overHold,
            cutOffs.Count,
            [.. cutOffs.Where(c => c.Differences.Count > 0).Select(c => new CutOffLine(c.CutOffId, c.Differences))]);
    }

    /// <summary>Each entry's own posting legs.</summary>
    private static Dictionary<JournalKey, List<Posting>> Attribute(List<JournalEntry> entries, Dictionary<long, List<Posting>> postings)
    {
        var result = new Dictionary<JournalKey, List<Posting>>();
        foreach (var group in entries.GroupBy(e => e.Key.TxnId))
        {
            var legs = postings.GetValueOrDefault(group.Key) ?? [];
            var request = group.FirstOrDefault(e => !e.Key.ThreddDecision);
            var notification = group.FirstOrDefault(e => e.Key.ThreddDecision);
            int first = request is null ? 0 : notification is null ? legs.Count : Math.Min(request.PostingLegs ?? legs.Count, legs.Count);
            if (request is not null)
            {
                result[request.Key] = legs.GetRange(0, first);
            }

            if (notification is not null)
            {
                result[notification.Key] = legs.GetRange(first, legs.Count - first);
            }
        }

        return result;
    }

    private static (decimal? Amount, string Currency) AmountOf(JournalEntry e)
    {
        var parsed = EhiCodec.Parse(new EhiRequest(e.Body, e.ContentType, null, null, null, e.ReceivedAt));
        return parsed is ParsedMessage.Transaction { Message: var m } ? (m.BillAmt, string.IsNullOrWhiteSpace(m.BillCcy) ? "-" : m.BillCcy.Trim()) : (null, "-");
    }

    private static string EffectOf(string reconciliation) => reconciliation switch
    {
        nameof(ReconciliationAction.ApplyThreddApproval) or nameof(ReconciliationAction.ApplyUnseenApproval) => "applied",
        nameof(ReconciliationAction.ReverseOurApproval) => "undone",
        _ => "nothing",
    };

    private static decimal Sum(IEnumerable<Posting> legs, string account) => legs.Where(l => l.Account == account).Sum(l => l.Amount);

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
}
