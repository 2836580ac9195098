using System.CommandLine;
using Ehi.Cli.Commands.Serve;
using Ehi.Cli.Output;
using Ehi.Processing.Journal;
using Ehi.Processing.Journal.Archive;
using Ehi.Processing.Storage;
using Ehi.Storage.Postgres;
using Ehi.Storage.Sqlite;

namespace Ehi.Cli.Commands.Journal;

/// <summary>Opening an existing store for the verbs that read it: SQLite in <c>--data DIR</c>, or
/// PostgreSQL with <c>--database CONNECTION</c> (also <c>EHI__Database__ConnectionString</c>).</summary>
internal static class JournalAccess
{
    public static Option<string> DataOption() => new("--data")
    {
        Description = "Directory of the SQLite journal (as given to ehi serve --data).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("EHI__Data") ?? ProcessingComposition.DefaultDataDirectory,
    };

    public static Option<string?> DatabaseOption() => new("--database")
    {
        Description = "PostgreSQL instead of --data: an Npgsql connection string or postgres://user:pass@host:port/db (default: EHI__Database__ConnectionString).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("EHI__Database__ConnectionString"),
    };

    public static async Task<IEhiStore> OpenAsync(string directory, string? database, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(database))
        {
            return await OpenPostgresAsync(database, migrate: false, cancellationToken).ConfigureAwait(false);
        }

        return File.Exists(Path.Combine(directory, "journal.db"))
            ? SqliteStore.Open(directory)
            : throw new CliError(ExitCodes.LocalError, "open the journal", $"there is no journal in {Path.GetFullPath(directory)}", "pass the directory ehi serve used with --data DIR, or --database CONNECTION");
    }

    public static Option<string?> ArchiveOption() => new("--archive")
    {
        Description = "Read an archive written by ehi journal archive instead of the live journal.",
    };

    /// <summary>The entries matching <paramref name="query"/>: from <paramref name="archive"/> when
    /// given, else from the live store.</summary>
    public static async Task<IReadOnlyList<JournalEntry>> ListAsync(string? archive, string directory, string? database, JournalQuery query, CancellationToken cancellationToken)
    {
        var entries = new List<JournalEntry>();
        if (archive is null)
        {
            await using var store = await OpenAsync(directory, database, cancellationToken).ConfigureAwait(false);
            await foreach (var entry in store.ListAsync(query, cancellationToken).ConfigureAwait(false))
            {
                entries.Add(entry);
            }

            return entries;
        }

        try
        {
            await using var file = File.OpenRead(archive);
            await foreach (var entry in JournalArchiveReader.ListAsync(file, query, cancellationToken).ConfigureAwait(false))
            {
                entries.Add(entry);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliError(ExitCodes.LocalError, "read the archive", ex.Message);
        }
        catch (InvalidDataException ex)
        {
            throw new CliError(ExitCodes.LocalError, "read the archive", $"{archive} is not a journal archive: {ex.Message}");
        }

        return entries;
    }

    public static async Task<PostgresStore> OpenPostgresAsync(string database, bool migrate, CancellationToken cancellationToken)
    {
        try
        {
            return await PostgresStore.OpenAsync(database, cancellationToken, migrate).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            throw new CliError(ExitCodes.Usage, "read --database", ex.Message, "pass an Npgsql connection string (Host=...;Database=...;Username=...) or postgres://user:pass@host:port/db");
        }
        catch (JournalUnavailableException ex)
        {
            throw new CliError(ExitCodes.LocalError, "open the database", ex.Message, "check --database, that PostgreSQL runs, and run ehi db migrate --database ... once");
        }
    }
}
