using System.Text.Json.Serialization;
using Ehi.Cli.Commands.Pki;

namespace Ehi.Cli.Output;

/// <summary>Source-generated JSON for every document the CLI prints with --json.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InspectReport))]
[JsonSerializable(typeof(DevPkiReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
