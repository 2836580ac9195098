using System.Globalization;
using System.Text;
using Ehi.Processing.Reconciliation;

namespace Ehi.Cli.Commands.Report;

/// <summary>The reconciliation report as CSV (RFC 4180): one row per figure, the same columns for
/// every section, so a spreadsheet can pivot it.</summary>
internal static class ReconciliationCsv
{
    public const string Header = "date,section,key,currency,count,amount,posted_actual,posted_blocked";

    public static string Render(ReconciliationReport r)
    {
        var s = new StringBuilder().Append(Header).Append("\r\n");
        foreach (var d in r.Days)
        {
            string day = d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            foreach (var m in d.Messages)
            {
                Row(s, day, "messages", m.Kind, m.Currency, m.Count, m.Amount, m.PostedActual, m.PostedBlocked);
            }

            foreach (var x in d.Decisions)
            {
                Row(s, day, "decisions", $"{x.Decision} {x.ResponseStatus}", string.Empty, x.Count, null, null, null);
            }

            foreach (var x in d.ThreddDecisions)
            {
                Row(s, day, "thredd_decisions", $"{x.Reconciliation} ({x.Effect})", string.Empty, x.Count, null, null, null);
            }

            foreach (var p in d.PresentmentsWithoutAuthorisation)
            {
                Row(s, day, "presentment_without_authorisation", p.TxnId.ToString(CultureInfo.InvariantCulture), string.Empty, 1, p.Presented, null, null);
            }

            foreach (var p in d.PresentmentsOverHold)
            {
                Row(s, day, "presentment_over_hold", p.TxnId.ToString(CultureInfo.InvariantCulture), string.Empty, 1, p.Presented - p.Released, null, null);
            }

            foreach (var m in d.CutOffMismatches)
            {
                Row(s, day, "cutoff_mismatch", m.CutOffId.ToString(CultureInfo.InvariantCulture) + ": " + string.Join("; ", m.Differences), string.Empty, 1, null, null, null);
            }
        }

        foreach (var h in r.OpenHoldsOlderThan)
        {
            Row(s, h.AuthorisedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "open_hold_older_than_" + r.HoldAgeDays.ToString(CultureInfo.InvariantCulture) + "_days", h.TxnId.ToString(CultureInfo.InvariantCulture), string.Empty, 1, h.Amount, null, null);
        }

        Row(s, string.Empty, "total", "report", string.Empty, r.Totals.Messages, null, r.Totals.PostedActual, r.Totals.PostedBlocked);
        Row(s, string.Empty, "total", "ledger", string.Empty, r.Ledger.Messages, null, r.Ledger.PostedActual, r.Ledger.PostedBlocked);
        return s.ToString();
    }

    private static void Row(StringBuilder s, string day, string section, string key, string currency, int count, decimal? amount, decimal? actual, decimal? blocked) =>
        s.Append(string.Join(',', day, section, Quote(key), currency, count.ToString(CultureInfo.InvariantCulture), Number(amount), Number(actual), Number(blocked))).Append("\r\n");

    private static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Quote(string value) => value.IndexOfAny([',', '"', '\r', '\n']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
