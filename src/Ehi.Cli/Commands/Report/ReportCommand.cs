using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ehi.Cli.Commands.Journal;
using Ehi.Cli.Output;
using Ehi.Processing.Reconciliation;

namespace Ehi.Cli.Commands.Report;

/// <summary><c>ehi report reconcile</c>: the finance team's reconciliation of a window of days.</summary>
internal static class ReportCommand
{
    public static Command Create(Terminal terminal) => new("report", CommonOptions.Help("Reports for the finance team, read from the journal and ledger.", "ehi report reconcile --from 2026-11-30 --to 2026-11-30"))
    {
        Reconcile(terminal),
    };

    private static Command Reconcile(Terminal terminal)
    {
        var data = JournalAccess.DataOption();
        var database = JournalAccess.DatabaseOption();
        var from = new Option<string>("--from") { Description = "First UTC day (yyyy-MM-dd).", Required = true };
        var to = new Option<string?>("--to") { Description = "Last UTC day, inclusive (yyyy-MM-dd; default: --from)." };
        var holdAge = new Option<int>("--hold-age") { Description = "List open holds whose authorisation is older than this many days at the end of the window.", DefaultValueFactory = _ => 7 };
        var json = CommonOptions.Json();
        var csv = new Option<bool>("--csv") { Description = "Print CSV (one row per figure) instead of text." };
        var command = new Command("reconcile", CommonOptions.Help(
            "Per UTC day: counts and amounts by message kind and billing currency with what each posted to the cards, approvals and declines by Responsestatus, Thredd's stand-in decisions applied and undone, presentments without an authorisation, presentments exceeding their hold, Cut-Off mismatches; and the open holds older than --hold-age days. The report's totals are checked against the ledger's postings for the messages of the same window: exit 0 when they tie out, 1 when they do not.",
            "ehi report reconcile --from 2026-11-30", "ehi report reconcile --from 2026-11-01 --to 2026-11-30 --csv", "ehi report reconcile --from 2026-11-30 --json --database postgres://ehi@localhost/ehi"))
        {
            data, database, from, to, holdAge, json, csv,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var first = Day(result.GetValue(from)!, "--from");
            var last = result.GetValue(to) is { } t ? Day(t, "--to") : first;
            if (last < first)
            {
                throw new CliError(ExitCodes.Usage, "build the report", $"--to {last:yyyy-MM-dd} is before --from {first:yyyy-MM-dd}");
            }

            if (result.GetValue(holdAge) < 0)
            {
                throw new CliError(ExitCodes.Usage, "build the report", "--hold-age must be zero or more days");
            }

            if (result.GetValue(json) && result.GetValue(csv))
            {
                throw new CliError(ExitCodes.Usage, "build the report", "--json and --csv cannot be combined");
            }

            await using var store = await JournalAccess.OpenAsync(result.GetValue(data)!, result.GetValue(database), cancellationToken).ConfigureAwait(false);
            var report = await ReconciliationReportBuilder.BuildAsync(store, first, last, result.GetValue(holdAge), cancellationToken).ConfigureAwait(false);
            terminal.Out.Write(result.GetValue(json)
                ? JsonSerializer.Serialize(report, CliJsonContext.Default.ReconciliationReport) + "\n"
                : result.GetValue(csv) ? ReconciliationCsv.Render(report) : Text(report));
            return report.TiesOut ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static DateOnly Day(string value, string option) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new CliError(ExitCodes.Usage, "build the report", $"{option} {value} is not a day in the form yyyy-MM-dd");

    private static string Text(ReconciliationReport r)
    {
        var s = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        s.AppendLine(c, $"Reconciliation {r.From:yyyy-MM-dd} to {r.To:yyyy-MM-dd} (UTC days)");
        foreach (var d in r.Days)
        {
            s.AppendLine().AppendLine(c, $"{d.Date:yyyy-MM-dd}");
            foreach (var m in d.Messages)
            {
                s.AppendLine(c, $"  {m.Kind,-28} {m.Currency,-3} {m.Count,7} messages, amount {m.Amount,12:0.00}, posted actual {m.PostedActual,12:0.00}, blocked {m.PostedBlocked,12:0.00}");
            }

            foreach (var x in d.Decisions)
            {
                s.AppendLine(c, $"  {x.Decision,-8} {x.ResponseStatus} {x.Count,7}");
            }

            foreach (var x in d.ThreddDecisions)
            {
                s.AppendLine(c, $"  Thredd decided: {x.Reconciliation} ({x.Effect}) {x.Count}");
            }

            s.AppendLine(c, $"  presentments without authorisation: {d.PresentmentsWithoutAuthorisation.Count}, exceeding their hold: {d.PresentmentsOverHold.Count}");
            foreach (var p in d.PresentmentsOverHold)
            {
                s.AppendLine(c, $"    TXn_ID {p.TxnId} card {p.Token}: presented {p.Presented:0.00}, hold released {p.Released:0.00}");
            }

            s.AppendLine(c, $"  Cut-Offs: {d.CutOffs}, differing: {d.CutOffMismatches.Count}");
            foreach (var m in d.CutOffMismatches)
            {
                s.AppendLine(c, $"    Cut-Off {m.CutOffId}: {string.Join("; ", m.Differences)}");
            }
        }

        s.AppendLine().AppendLine(c, $"Open holds older than {r.HoldAgeDays} days: {r.OpenHoldsOlderThan.Count}");
        foreach (var h in r.OpenHoldsOlderThan)
        {
            s.AppendLine(c, $"  TXn_ID {h.TxnId} card {h.Token}: {h.Amount:0.00} held since {h.AuthorisedAt:yyyy-MM-dd HH:mm}");
        }

        s.AppendLine(c, $"Totals: {r.Totals.Messages} messages, posted actual {r.Totals.PostedActual:0.00}, blocked {r.Totals.PostedBlocked:0.00}");
        s.AppendLine(c, $"Ledger: {r.Ledger.Messages} messages, posted actual {r.Ledger.PostedActual:0.00}, blocked {r.Ledger.PostedBlocked:0.00}");
        s.AppendLine(r.TiesOut ? "The report ties out with the ledger." : "The report does NOT tie out with the ledger.");
        return s.ToString();
    }
}
