using System.Text.Json.Serialization;
using Ehi.Simulate.Load;

namespace Ehi.Cli.Commands.Simulate;

/// <summary>JSON of `ehi simulate load --json`.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LoadReport))]
internal sealed partial class SimulateJsonContext : JsonSerializerContext;
