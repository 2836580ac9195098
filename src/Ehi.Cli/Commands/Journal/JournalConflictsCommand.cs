using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ehi.Cli.Output;
using Ehi.Processing.Journal;

namespace Ehi.Cli.Commands.Journal;

/// <summary><c>ehi journal conflicts</c>: the repeats of a TXn_ID whose content differed from the
/// journalled message (they got the stored answer; these are for someone to look at).</summary>
internal static class JournalConflictsCommand
{
    public static Command Create(Terminal terminal)
    {
        var data = JournalAccess.DataOption();
        var database = JournalAccess.DatabaseOption();
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only conflicts detected at or after this time (ISO 8601)." };
        var limit = new Option<int>("--limit") { Description = "At most this many, oldest first.", DefaultValueFactory = _ => 1000 };
        var json = CommonOptions.Json();
        var command = new Command("conflicts", CommonOptions.Help(
            "List TXn_ID conflicts: repeats of a journalled TXn_ID whose MTID, Txn_Type, Proc_Code, card, amounts, currencies or lifecycle links differed "
            + "from the journalled message (SendingAttemptCount, balances and dates may change on a resend and are not compared). Each was answered with "
            + "the stored answer; the journalled and repeated values are listed. Exit 1 when any conflict is listed.",
            "ehi journal conflicts", "ehi journal conflicts --since 2026-12-01T00:00:00Z --json", "ehi journal conflicts --database \"Host=db;Database=ehi;Username=ehi\""))
        {
            data, database, since, limit, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (result.GetValue(limit) < 1)
            {
                throw new CliError(ExitCodes.Usage, "read --limit", $"{result.GetValue(limit)} is not a positive number");
            }

            var conflicts = new List<TxnConflict>();
            await using (var journal = await JournalAccess.OpenAsync(result.GetValue(data)!, result.GetValue(database), cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await foreach (var conflict in journal.ListConflictsAsync(result.GetValue(since), result.GetValue(limit), cancellationToken).ConfigureAwait(false))
                    {
                        conflicts.Add(conflict);
                    }
                }
                catch (JournalUnavailableException ex)
                {
                    throw new CliError(ExitCodes.LocalError, "read the conflicts", ex.Message, "on PostgreSQL run ehi db migrate --database ... once with this ehi");
                }
            }

            if (result.GetValue(json))
            {
                terminal.Out.WriteLine(JsonSerializer.Serialize(new ConflictReport(1, [.. conflicts.Select(ConflictView.From)]), CliJsonContext.Default.ConflictReport));
            }
            else
            {
                foreach (var c in conflicts)
                {
                    terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{c.DetectedAt:yyyy-MM-dd HH:mm:ss.fff} {c.Key,-28} {c.Flavour,-7} attempt {c.SendingAttempt?.ToString(CultureInfo.InvariantCulture) ?? "-"} from {c.RemoteAddress ?? "-"}: {string.Join("; ", c.Differences)}"));
                }

                terminal.Out.WriteLine($"{conflicts.Count} conflict(s)");
            }

            return conflicts.Count > 0 ? ExitCodes.CheckFailed : ExitCodes.Ok;
        });
        return command;
    }
}
