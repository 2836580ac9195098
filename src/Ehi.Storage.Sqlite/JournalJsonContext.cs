using System.Text.Json.Serialization;
using Ehi.Core.Messages;

namespace Ehi.Storage.Sqlite;

/// <summary>JSON for the Cut-Off count columns and the differences of TXn_ID conflicts.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CutOffCounts))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(IReadOnlyList<long>))]
[JsonSerializable(typeof(IReadOnlyList<Ehi.Processing.Journal.FieldDifference>))]
internal sealed partial class JournalJsonContext : JsonSerializerContext;

