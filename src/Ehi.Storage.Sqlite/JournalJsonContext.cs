using System.Text.Json.Serialization;
using Ehi.Core.Messages;
using Ehi.Processing.Ledger;

namespace Ehi.Storage.Sqlite;

/// <summary>JSON for the Cut-Off count columns and the differences of TXn_ID conflicts.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CutOffCounts))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(IReadOnlyList<long>))]
[JsonSerializable(typeof(IReadOnlyList<Ehi.Processing.Journal.FieldDifference>))]
internal sealed partial class JournalJsonContext : JsonSerializerContext;

/// <summary>JSON for the card rules column.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CardRules))]
internal sealed partial class LedgerJsonContext : JsonSerializerContext;
