using System.Globalization;
using System.Text.Json;

namespace Ehi.Core.Codec;

/// <summary>Reads numbers in every lexical form XML Schema allows (<c>xsd:decimal</c>: <c>+5</c>,
/// <c>.5</c>, <c>5.</c>, <c>-0.50</c>; <c>xsd:int</c> and <c>xsd:long</c>: an optional sign and digits;
/// surrounding whitespace collapsed) and nothing else: no exponent, no thousands separator, no
/// hexadecimal, no NaN. The value is written as a canonical JSON number.</summary>
internal static class XsdNumber
{
    /// <exception cref="FormatException">The text is not a valid lexical form, or out of range.</exception>
    public static void Write(Utf8JsonWriter writer, string field, string text, Type type)
    {
        string value = text.Trim(' ', '\t', '\r', '\n');
        if (type == typeof(decimal))
        {
            if (!IsDecimal(value) || !decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal d))
            {
                throw new FormatException($"{field}: '{text}' is not an xsd:decimal (digits with an optional sign and decimal point).");
            }

            writer.WriteNumberValue(d);
            return;
        }

        if (!IsInteger(value) || !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l) || (type == typeof(int) && l is < int.MinValue or > int.MaxValue))
        {
            throw new FormatException($"{field}: '{text}' is not an xsd:{(type == typeof(int) ? "int" : "long")} (digits with an optional sign, within range).");
        }

        writer.WriteNumberValue(l);
    }

    private static bool IsInteger(string s)
    {
        int i = s.Length > 0 && (s[0] == '+' || s[0] == '-') ? 1 : 0;
        if (i == s.Length)
        {
            return false;
        }

        for (; i < s.Length; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDecimal(string s)
    {
        int i = s.Length > 0 && (s[0] == '+' || s[0] == '-') ? 1 : 0;
        int digits = 0, points = 0;
        for (; i < s.Length; i++)
        {
            if (char.IsAsciiDigit(s[i]))
            {
                digits++;
            }
            else if (s[i] == '.' && points == 0)
            {
                points++;
            }
            else
            {
                return false;
            }
        }

        return digits > 0;
    }
}
