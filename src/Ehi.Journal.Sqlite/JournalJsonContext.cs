using System.Text.Json.Serialization;
using Ehi.Core.Messages;

namespace Ehi.Journal.Sqlite;

/// <summary>JSON for the Cut-Off count columns.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CutOffCounts))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class JournalJsonContext : JsonSerializerContext;
