using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ehi.Cli.Commands.Journal;
using Ehi.Cli.Output;
using Ehi.Processing.Ledger;

namespace Ehi.Cli.Commands.Cards;

/// <summary><c>ehi ledger unmatched</c>: every message the ledger could not match to what it refers
/// to (a reversal without its hold, a presentment without its authorisation, a chargeback without
/// its presentment), with why, read from the store directly.</summary>
internal static class LedgerUnmatchedCommand
{
    public static Command Create(Terminal terminal)
    {
        var data = JournalAccess.DataOption();
        var database = JournalAccess.DatabaseOption();
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only messages processed at or after this time (ISO 8601, UTC when no offset)." };
        var json = CommonOptions.Json();
        var command = new Command("unmatched", CommonOptions.Help(
            "List every message that matched nothing in the ledger, oldest first, with why: reversals and advices without their hold, presentments without an authorisation, second presentments, financial reversals, chargebacks and their reversals without their original financial message (reference §7 keys), messages for unknown cards. Reads the store directly (safe while ehi serve runs). Exit 0, whether or not there are any.",
            "ehi ledger unmatched", "ehi ledger unmatched --since 2026-11-01 --json", "ehi ledger unmatched --database postgres://ehi@localhost/ehi"))
        {
            data, database, since, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var store = await JournalAccess.OpenAsync(result.GetValue(data)!, result.GetValue(database), cancellationToken).ConfigureAwait(false);
            var from = result.GetValue(since);
            var rows = new List<UnmatchedView>();
            await using (var audit = await store.OpenAuditAsync(cancellationToken).ConfigureAwait(false))
            {
                await foreach (var u in audit.UnmatchedAsync(cancellationToken).ConfigureAwait(false))
                {
                    // Records from before the time was kept carry none: they are listed unless --since asks for newer ones.
                    if (from is null || (u.At is { } at && at >= from))
                    {
                        rows.Add(new UnmatchedView(u.TxnId, u.Kind.ToString(), u.Token, u.Reason, u.At));
                    }
                }
            }

            if (result.GetValue(json))
            {
                terminal.Out.WriteLine(JsonSerializer.Serialize(new UnmatchedReport(1, rows), CliJsonContext.Default.UnmatchedReport));
                return ExitCodes.Ok;
            }

            foreach (var u in rows)
            {
                terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{u.At?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-",-19} TXn_ID {u.TxnId} {u.Kind} token {u.Token?.ToString(CultureInfo.InvariantCulture) ?? "-"}: {u.Reason}"));
            }

            terminal.Out.WriteLine($"{rows.Count} unmatched message(s)");
            return ExitCodes.Ok;
        });
        return command;
    }
}

/// <summary>The `ehi ledger unmatched --json` document.</summary>
internal sealed record UnmatchedReport(int SchemaVersion, IReadOnlyList<UnmatchedView> Unmatched);

/// <summary>One unmatched message.</summary>
internal sealed record UnmatchedView(long TxnId, string Kind, long? Token, string Reason, DateTimeOffset? At);
