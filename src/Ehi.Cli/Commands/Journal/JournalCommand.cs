using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ehi.Cli.Output;
using Ehi.Processing.Journal;

namespace Ehi.Cli.Commands.Journal;

/// <summary><c>ehi journal</c>: read the journal ehi serve keeps.</summary>
internal static class JournalCommand
{
    public static Command Create(Terminal terminal) => new("journal", CommonOptions.Help(
        "Read the journal of EHI messages: every message with its answer, the Cut-Off reconciliations, the refused bodies and the TXn_ID conflicts. Safe while ehi serve runs.",
        "ehi journal list --token 107419774", "ehi journal show 6155805913", "ehi journal export --out journal.jsonl", "ehi journal cutoffs"))
    {
        List(terminal),
        Show(terminal),
        Export(terminal),
        CutOffs(terminal),
        Rejected(terminal),
        JournalConflictsCommand.Create(terminal),
        JournalCopyCommand.Create(terminal),
        JournalArchiveCommand.Create(terminal),
    };

    private static Command List(Terminal terminal)
    {
        var data = JournalAccess.DataOption();
        var database = JournalAccess.DatabaseOption();
        var txn = new Option<long?>("--txn") { Description = "Only this TXn_ID." };
        var token = new Option<long?>("--token") { Description = "Only this card token." };
        var lifecycle = new Option<string?>("--lifecycle") { Description = "Only this traceid_lifecycle." };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Received at or after (ISO 8601)." };
        var until = new Option<DateTimeOffset?>("--until") { Description = "Received before (ISO 8601)." };
        var limit = new Option<int>("--limit") { Description = "At most this many.", DefaultValueFactory = _ => 1000 };
        var json = CommonOptions.Json();
        var archive = JournalAccess.ArchiveOption();
        var command = new Command("list", CommonOptions.Help("List journalled messages, oldest first, one line each.", "ehi journal list", "ehi journal list --lifecycle VIS1-20250301-381077544887139 --json", "ehi journal list --token 107419774 --archive journal-2026-10.jsonl.gz"))
        {
            data, database, txn, token, lifecycle, since, until, limit, json, archive,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var query = new JournalQuery { TxnId = result.GetValue(txn), Token = result.GetValue(token), Lifecycle = result.GetValue(lifecycle), Since = result.GetValue(since), Until = result.GetValue(until), Limit = result.GetValue(limit) };
            var entries = await JournalAccess.ListAsync(result.GetValue(archive), result.GetValue(data)!, result.GetValue(database), query, cancellationToken).ConfigureAwait(false);

            if (result.GetValue(json))
            {
                terminal.Out.WriteLine(JsonSerializer.Serialize(new JournalReport(1, [.. entries.Select(e => JournalEntryView.From(e, false))]), CliJsonContext.Default.JournalReport));
                return ExitCodes.Ok;
            }

            foreach (var e in entries)
            {
                terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{e.ReceivedAt:yyyy-MM-dd HH:mm:ss.fff} {e.Key,-28} {e.Kind,-26} {e.Mtid,-4} {e.TxnType,-1} token {e.Token} ack {(e.Acknowledged ? "1" : "0")} status {e.ResponseStatus ?? "-"} {e.DecidedBy}{(e.Reconciliation is null ? string.Empty : " " + e.Reconciliation)} {e.ElapsedMicroseconds / 1000.0:0.0} ms"));
            }

            terminal.Out.WriteLine($"{entries.Count} message(s)");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(Terminal terminal)
    {
        var data = JournalAccess.DataOption();
        var database = JournalAccess.DatabaseOption();
        var txn = new Argument<long>("TXN_ID") { Description = "The TXn_ID." };
        var json = CommonOptions.Json();
        var archive = JournalAccess.ArchiveOption();
        var command = new Command("show", CommonOptions.Help("Show every journalled message with a TXn_ID (the request and any Thredd-decision notification), with bodies and answers.", "ehi journal show 6155805913", "ehi journal show 6155805913 --archive journal-2026-10.jsonl.gz"))
        {
            data, database, txn, json, archive,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var found = await JournalAccess.ListAsync(result.GetValue(archive), result.GetValue(data)!, result.GetValue(database), new JournalQuery { TxnId = result.GetValue(txn) }, cancellationToken).ConfigureAwait(false);
            var entries = found.Select(e => JournalEntryView.From(e, true)).ToList();
            if (entries.Count == 0)
            {
                throw new CliError(ExitCodes.CheckFailed, "show the message", $"TXn_ID {result.GetValue(txn)} is not in the {(result.GetValue(archive) is null ? "journal" : "archive")}");
            }

            terminal.Out.WriteLine(result.GetValue(json)
                ? JsonSerializer.Serialize(new JournalReport(1, entries), CliJsonContext.Default.JournalReport)
                : string.Join("\n\n", entries.Select(Describe)));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Export(Terminal terminal)
    {
        var data = JournalAccess.DataOption();
        var database = JournalAccess.DatabaseOption();
        var output = new Option<string>("--out") { Description = "File to write, or - for stdout.", DefaultValueFactory = _ => "-" };
        var command = new Command("export", CommonOptions.Help("Export every journalled message as JSON lines (one object per line, bodies included).", "ehi journal export --out journal.jsonl", "ehi journal export | jq .kind"))
        {
            data, database, output,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var journal = await JournalAccess.OpenAsync(result.GetValue(data)!, result.GetValue(database), cancellationToken);
            string target = result.GetValue(output)!;
            var writer = target == "-" ? terminal.Out : new StreamWriter(target);
            long count = 0;
            try
            {
                await foreach (var entry in journal.ListAsync(new JournalQuery { Limit = int.MaxValue }, cancellationToken).ConfigureAwait(false))
                {
                    await writer.WriteLineAsync(JsonSerializer.Serialize(JournalEntryView.From(entry, true), CliJsonContext.Compact.JournalEntryView)).ConfigureAwait(false);
                    count++;
                }
            }
            finally
            {
                if (target != "-")
                {
                    await writer.DisposeAsync().ConfigureAwait(false);
                    terminal.Error.WriteLine($"Exported {count} message(s) to {target}.");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CutOffs(Terminal terminal)
    {
        var data = JournalAccess.DataOption();
        var database = JournalAccess.DatabaseOption();
        var json = CommonOptions.Json();
        var command = new Command("cutoffs", CommonOptions.Help("The Cut-Off reconciliation report: Thredd's counts against the journal's. Exit 1 when any Cut-Off differs.", "ehi journal cutoffs", "ehi journal cutoffs --json"))
        {
            data, database, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var journal = await JournalAccess.OpenAsync(result.GetValue(data)!, result.GetValue(database), cancellationToken);
            var cutOffs = new List<CutOffView>();
            await foreach (var record in journal.ListCutOffsAsync(cancellationToken).ConfigureAwait(false))
            {
                cutOffs.Add(CutOffView.From(record));
            }

            if (result.GetValue(json))
            {
                terminal.Out.WriteLine(JsonSerializer.Serialize(new CutOffReport(1, cutOffs), CliJsonContext.Default.CutOffReport));
            }
            else
            {
                foreach (var c in cutOffs)
                {
                    terminal.Out.WriteLine($"Cut-Off {c.CutOffId} (TXn_ID {c.FirstTransactionId}..{c.LastTransactionId}, received {c.ReceivedAt:yyyy-MM-dd HH:mm:ss}): {(c.Differences.Count == 0 ? "agrees with the journal" : "DIFFERS")}");
                    foreach (string difference in c.Differences)
                    {
                        terminal.Out.WriteLine("  - " + difference);
                    }
                }

                terminal.Out.WriteLine($"{cutOffs.Count} Cut-Off(s), {cutOffs.Count(c => c.Differences.Count > 0)} with differences");
            }

            return cutOffs.Any(c => c.Differences.Count > 0) ? ExitCodes.CheckFailed : ExitCodes.Ok;
        });
        return command;
    }

    private static Command Rejected(Terminal terminal)
    {
        var data = JournalAccess.DataOption();
        var database = JournalAccess.DatabaseOption();
        var command = new Command("rejected", CommonOptions.Help("List the bodies refused with 400 (malformed, no key, wrong field type, too large).", "ehi journal rejected"))
        {
            data, database,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var journal = await JournalAccess.OpenAsync(result.GetValue(data)!, result.GetValue(database), cancellationToken);
            int count = 0;
            await foreach (var r in journal.ListRejectedAsync(cancellationToken).ConfigureAwait(false))
            {
                terminal.Out.WriteLine($"{r.ReceivedAt:yyyy-MM-dd HH:mm:ss.fff} {r.ProblemType} {r.Detail} ({r.Body.Length} bytes) from {r.RemoteAddress ?? "-"}");
                count++;
            }

            terminal.Out.WriteLine($"{count} refused bod{(count == 1 ? "y" : "ies")}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Describe(JournalEntryView e) => string.Join("\n",
        $"TXn_ID {e.TxnId}{(e.ThreddDecision ? " (Thredd decision notification)" : string.Empty)}: {e.Kind}, MTID {e.Mtid}, Txn_Type {e.TxnType}, Proc_Code {e.ProcCode}",
        $"  token {e.Token}, lifecycle {e.Lifecycle}, Trans_link {e.TransLink}, product {e.ProductId}, attempt {e.SendingAttempt}",
        $"  received {e.ReceivedAt:yyyy-MM-dd HH:mm:ss.fff} UTC as {e.Flavour}, processed in {e.ElapsedMicroseconds / 1000.0:0.000} ms, from {e.RemoteAddress ?? "-"}, traceparent {e.TraceParent ?? "-"}",
        $"  answer: ack {(e.Acknowledged ? "1" : "0")}, status {e.ResponseStatus ?? "-"}, decision {e.Decision} by {e.DecidedBy}{(e.Reconciliation is null ? string.Empty : ", reconciliation " + e.Reconciliation)}{(e.LateDecision is null ? string.Empty : ", late decision " + e.LateDecision)}",
        $"  ledger: {e.Effect ?? "-"}",
        $"  request: {e.Body}",
        $"  answer:  {e.Answer}");
}
