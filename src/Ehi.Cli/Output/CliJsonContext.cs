using System.Text.Json.Serialization;
using Ehi.Cli.Commands.Journal;
using Ehi.Cli.Commands.Pki;

namespace Ehi.Cli.Output;

/// <summary>Source-generated JSON for every document the CLI prints with --json.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InspectReport))]
[JsonSerializable(typeof(DevPkiReport))]
[JsonSerializable(typeof(JournalReport))]
[JsonSerializable(typeof(CutOffReport))]
[JsonSerializable(typeof(ConflictReport))]
[JsonSerializable(typeof(ArchiveReport))]
[JsonSerializable(typeof(JournalEntryView))]
[JsonSerializable(typeof(Ehi.Cli.Commands.Cards.UnmatchedReport))]
[JsonSerializable(typeof(Ehi.Processing.Reconciliation.ReconciliationReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    /// <summary>One object per line, for JSON lines export.</summary>
    public static CliJsonContext Compact { get; } = new(new System.Text.Json.JsonSerializerOptions { WriteIndented = false, PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull });
}
