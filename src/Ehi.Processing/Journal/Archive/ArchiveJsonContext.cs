using System.Text.Json.Serialization;

namespace Ehi.Processing.Journal.Archive;

/// <summary>The archive's JSON (source-generated: no reflection, enums as names, nulls left out).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ArchiveLine))]
internal sealed partial class ArchiveJsonContext : JsonSerializerContext;
