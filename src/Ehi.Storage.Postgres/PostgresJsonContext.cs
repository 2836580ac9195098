using System.Text.Json.Serialization;
using Ehi.Core.Messages;
using Ehi.Processing.Ledger;

namespace Ehi.Storage.Postgres;

/// <summary>JSON of the jsonb columns (Cut-Off counts and differences, card rules, TXn_ID conflict differences).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CutOffCounts))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(IReadOnlyList<Ehi.Processing.Journal.FieldDifference>))]
internal sealed partial class PostgresJsonContext : JsonSerializerContext;
