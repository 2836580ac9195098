using System.Text.Json.Serialization;
using Ehi.Core.Messages;

namespace Ehi.Core.Json;

/// <summary>Source-generated serialisation for the EHI messages: case-sensitive names, no
/// reflection on the hot path, nulls left out of every answer.</summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(GetTransaction))]
[JsonSerializable(typeof(GetTransactionResponse))]
[JsonSerializable(typeof(CutOff))]
public sealed partial class EhiJsonContext : JsonSerializerContext;
