using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ehi.Core.Json;

/// <summary>Reads a text field that must be a JSON string: a number would lose what makes the value
/// (MTID 0100 sent as 100 is another message type), so it is refused rather than guessed.</summary>
public sealed class StringOnlyConverter : JsonConverter<string?>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        _ => throw new JsonException($"expected a string, found {reader.TokenType}"),
    };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}
