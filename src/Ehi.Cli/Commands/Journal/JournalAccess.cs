using System.CommandLine;
using Ehi.Cli.Commands.Serve;
using Ehi.Cli.Output;
using Ehi.Storage.Sqlite;

namespace Ehi.Cli.Commands.Journal;

/// <summary>Opening an existing journal for the read-only `ehi journal` verbs.</summary>
internal static class JournalAccess
{
    public static Option<string> DataOption() => new("--data")
    {
        Description = "Directory of the journal (as given to ehi serve --data).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("EHI__Data") ?? ProcessingComposition.DefaultDataDirectory,
    };

    public static SqliteStore Open(string directory) =>
        File.Exists(Path.Combine(directory, "journal.db"))
            ? SqliteStore.Open(directory)
            : throw new CliError(ExitCodes.LocalError, "open the journal", $"there is no journal in {Path.GetFullPath(directory)}", "pass the directory ehi serve used with --data DIR");
}
