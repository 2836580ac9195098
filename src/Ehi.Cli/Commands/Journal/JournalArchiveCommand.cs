using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ehi.Cli.Output;
using Ehi.Processing.Journal;
using Ehi.Processing.Journal.Archive;
using Ehi.Processing.Storage;

namespace Ehi.Cli.Commands.Journal;

/// <summary><c>ehi journal archive --before DATE --out FILE</c>: old journal rows into a gzip JSON
/// lines archive, then out of the live journal; safe while ehi serve runs.</summary>
internal static class JournalArchiveCommand
{
    private const string RetentionVariable = "EHI__Journal__RetentionDays";

    private const string Action = "archive the journal";
    private const int BatchSize = 500;

    public static Command Create(Terminal terminal)
    {
        var data = JournalAccess.DataOption();
        var database = JournalAccess.DatabaseOption();
        var before = new Option<string>("--before") { Description = "Archive what was received before this UTC day (yyyy-MM-dd) or instant (ISO 8601 with offset).", Required = true };
        var output = new Option<string>("--out") { Description = "The archive to write (gzip JSON lines); must not exist yet.", Required = true };
        var window = new Option<int>("--retention-days")
        {
            Description = "Days the live journal keeps whatever else is true, so a resend still finds its stored answer; at least 7 (Thredd resends for up to 7 days). Default: EHI__Journal__RetentionDays or 7.",
            // A variable that is set but not a number is refused in the action (never a silent 7).
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(RetentionVariable) is not { } text ? 7
                : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int days) ? days : int.MinValue,
        };
        var json = CommonOptions.Json();
        var command = new Command("archive", CommonOptions.Help(
            "Move journal entries received before --before into a compressed archive (request bodies, answers, decisions, reconciliations, Cut-Offs, refused bodies), then remove them from the live journal. The archive is written and fsynced first; a crash in between leaves entries in both, never in neither. Kept whatever the date: the retention window (a resend must find its stored answer) and every message an open hold belongs to; the ledger (cards, holds, postings, matches) is never removed, so ehi ledger verify agrees before and after. Safe while ehi serve runs (short batches). Read it back with ehi journal list|show --archive FILE.",
            "ehi journal archive --before 2026-11-01 --out journal-2026-10.jsonl.gz",
            "ehi journal archive --before 2026-11-01 --out /backup/journal-2026-10.jsonl.gz --database postgres://ehi@db/ehi --json",
            "ehi journal show 6155805913 --archive journal-2026-10.jsonl.gz"))
        {
            data, database, before, output, window, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var cutOff = Instant(result.GetValue(before)!);
            int days = result.GetValue(window);
            if (days == int.MinValue)
            {
                throw new CliError(ExitCodes.Usage, Action, $"{RetentionVariable} is '{Environment.GetEnvironmentVariable(RetentionVariable)}', not a whole number of days", "set it to 7 or more, or leave it unset for 7");
            }

            if (RetentionWindow.Refusal(cutOff, DateTimeOffset.UtcNow, TimeSpan.FromDays(days)) is { } refusal)
            {
                throw new CliError(ExitCodes.Usage, Action, refusal);
            }

            string path = result.GetValue(output)!;
            if (File.Exists(path))
            {
                throw new CliError(ExitCodes.LocalError, Action, $"{path} already exists", "write each archive to a new file");
            }

            await using var store = await JournalAccess.OpenAsync(result.GetValue(data)!, result.GetValue(database), cancellationToken).ConfigureAwait(false);
            if (store is not IJournalRetention retention)
            {
                throw new CliError(ExitCodes.LocalError, Action, $"{store.Description} cannot archive");
            }

            var archiver = new JournalArchiver(retention, BatchSize, TimeSpan.FromMilliseconds(5));
            ArchiveWritten written;
            long fileBytes;
            try
            {
                await using var file = ArchiveFile.Create(path);
                await using (var writer = new JournalArchiveWriter(file, new ArchiveHeader(ArchiveHeader.FormatName, ArchiveHeader.CurrentVersion, cutOff, DateTimeOffset.UtcNow, store.Description)))
                {
                    written = await archiver.WriteAsync(writer, cutOff, cancellationToken).ConfigureAwait(false);
                }

                // Durable before anything is removed: this is what makes a crash cost duplicates, not data.
                ArchiveFile.MakeDurable(file);
                fileBytes = file.Length;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliError(ExitCodes.LocalError, Action, $"{path} cannot be written: {ex.Message}", "nothing was removed from the journal");
            }

            var removed = await archiver.RemoveAsync(written, cancellationToken).ConfigureAwait(false);
            var report = new ArchiveReport(1, Path.GetFullPath(path), cutOff, days, written.Messages.Count, written.CutOffs.Count, written.Rejected.Count, removed.Messages, removed.CutOffs, removed.Rejected, fileBytes, written.BodyBytes);
            if (result.GetValue(json))
            {
                terminal.Out.WriteLine(JsonSerializer.Serialize(report, CliJsonContext.Default.ArchiveReport));
            }
            else
            {
                terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Archived {report.Messages} message(s), {report.CutOffs} Cut-Off(s) and {report.Rejected} refused bod{(report.Rejected == 1 ? "y" : "ies")} received before {cutOff.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} to {report.Archive} ({fileBytes} bytes compressed, {written.BodyBytes} bytes of bodies and answers); removed {removed.Messages + removed.CutOffs + removed.Rejected} of them from {store.Description}."));
                int kept = report.Messages + report.CutOffs + report.Rejected - removed.Messages - removed.CutOffs - removed.Rejected;
                if (kept > 0)
                {
                    terminal.Out.WriteLine($"{kept} archived row(s) stayed in the journal as well (they stopped being archivable while the archive was written).");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static DateTimeOffset Instant(string value)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        return value.Contains('T', StringComparison.Ordinal) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant.ToUniversalTime()
            : throw new CliError(ExitCodes.Usage, Action, $"--before {value} is neither a day (yyyy-MM-dd) nor an ISO 8601 instant");
    }
}

/// <summary>The `ehi journal archive --json` document.</summary>
/// <param name="SchemaVersion">1.</param>
/// <param name="Archive">The archive's full path.</param>
/// <param name="Before">The cut-off.</param>
/// <param name="RetentionDays">The window applied.</param>
/// <param name="Messages">Messages written to the archive.</param>
/// <param name="CutOffs">Cut-Offs written.</param>
/// <param name="Rejected">Refused bodies written.</param>
/// <param name="RemovedMessages">Messages removed from the journal.</param>
/// <param name="RemovedCutOffs">Cut-Offs removed.</param>
/// <param name="RemovedRejected">Refused bodies removed.</param>
/// <param name="Bytes">The archive's size on disk.</param>
/// <param name="BodyBytes">Bytes of the bodies and answers it holds, as stored.</param>
internal sealed record ArchiveReport(int SchemaVersion, string Archive, DateTimeOffset Before, int RetentionDays, int Messages, int CutOffs, int Rejected, int RemovedMessages, int RemovedCutOffs, int RemovedRejected, long Bytes, long BodyBytes);
