namespace Ehi.Cli.Commands.Journal;

/// <summary>The `ehi journal list|show --json` document.</summary>
internal sealed record JournalReport(int SchemaVersion, IReadOnlyList<JournalEntryView> Entries);

/// <summary>The `ehi journal cutoffs --json` document.</summary>
internal sealed record CutOffReport(int SchemaVersion, IReadOnlyList<CutOffView> CutOffs);
