using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ehi.Core.Json;

/// <summary>Thredd's date-time format, <c>yyyy-MM-dd HH:mm:ss.fff</c> (also accepted without
/// fractions, and ISO 8601 with a T).</summary>
public sealed class ThreddDateTimeConverter : JsonConverter<DateTime?>
{
    private static readonly string[] Formats = ["yyyy-MM-dd HH:mm:ss.fff", "yyyy-MM-dd HH:mm:ss.ff", "yyyy-MM-dd HH:mm:ss.f", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss"];

    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override DateTime? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"expected a date string, found {reader.TokenType}");
        }

        string text = reader.GetString()!;
        if (text.Length == 0)
        {
            return null;
        }

        return DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw new JsonException($"'{text}' is not a date in the form yyyy-MM-dd HH:mm:ss.fff");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTime? value, JsonSerializerOptions options)
    {
        if (value is { } date)
        {
            writer.WriteStringValue(date.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
