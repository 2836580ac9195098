using System.Text.Json.Serialization;
using Ehi.Check;

namespace Ehi.Cli.Commands.Check;

/// <summary>JSON of `ehi check --json` (docs/cli/check-report.schema.json).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(CheckReport))]
internal sealed partial class CheckJsonContext : JsonSerializerContext;
