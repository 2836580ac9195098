using System.CommandLine;
using Ehi.Cli.Output;
using Ehi.Processing.Storage;

namespace Ehi.Cli.Commands.Journal;

/// <summary><c>ehi journal copy --to CONNECTION</c>: a SQLite journal and ledger into an empty PostgreSQL database.</summary>
internal static class JournalCopyCommand
{
    public static Command Create(Terminal terminal)
    {
        var data = JournalAccess.DataOption();
        var to = new Option<string>("--to") { Description = "The empty PostgreSQL database: an Npgsql connection string or postgres://user:pass@host:port/db.", Required = true };
        var command = new Command("copy", CommonOptions.Help(
            "Copy the SQLite journal and ledger (every message with its answer, Cut-Offs, refused bodies, cards, holds, postings) into an empty PostgreSQL database, in one transaction, so a move to several hosts keeps the history. Stop ehi serve first. Afterwards ehi ledger verify agrees on both.",
            "ehi journal copy --data .ehi/data --to postgres://ehi:secret@db.example:5432/ehi",
            "ehi ledger verify --database postgres://ehi:secret@db.example:5432/ehi"))
        {
            data, to,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var source = await JournalAccess.OpenAsync(result.GetValue(data)!, null, cancellationToken).ConfigureAwait(false);
            await using var target = await JournalAccess.OpenPostgresAsync(result.GetValue(to)!, migrate: true, cancellationToken).ConfigureAwait(false);
            StoreContents copied;
            try
            {
                copied = await StoreCopier.CopyAsync(source, target, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException ex)
            {
                throw new CliError(ExitCodes.LocalError, "copy the journal", ex.Message, "copy into a new, empty database");
            }

            terminal.Out.WriteLine($"Copied {copied.Messages.Count} message(s), {copied.CutOffs.Count} Cut-Off(s), {copied.Rejected.Count} refused bod{(copied.Rejected.Count == 1 ? "y" : "ies")}, {copied.Conflicts.Count} TXn_ID conflict(s), {copied.Ledger.Accounts.Count} card(s), {copied.Ledger.Holds.Count} hold(s), {copied.Ledger.Postings.Count} posting leg(s) from {source.Description} to {target.Description}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
