using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ehi.Core.Json;
using Ehi.Core.Messages;

namespace Ehi.Core.Codec;

/// <summary>Reads a JSON body: a Cut-Off (it carries CutOffId), a GetTransaction (it carries any
/// GetTransaction field), or the guide's connectivity probe (an object with no EHI field at all).</summary>
internal static class JsonMessageReader
{
    private static readonly HashSet<string> TransactionFields = NamesOf(EhiJsonContext.Default.GetTransaction);
    private static readonly HashSet<string> CutOffFields = NamesOf(EhiJsonContext.Default.CutOff);
    private static readonly Dictionary<string, Type> TransactionTypes = TypesOf(EhiJsonContext.Default.GetTransaction);
    private static readonly Dictionary<string, Type> CutOffTypes = TypesOf(EhiJsonContext.Default.CutOff);

    public static ParsedMessage Read(ReadOnlySpan<byte> body, MessageFlavour flavour)
    {
        bool transaction = false, cutOff = false;
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            return new ParsedMessage.Malformed(EhiProblem.NotParsable("The body is not valid UTF-8."), flavour);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return new ParsedMessage.Malformed(EhiProblem.NotParsable("The body is not a JSON object."), flavour);
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                string name = reader.GetString()!;
                if (!names.Add(name))
                {
                    // Parsers differ on which copy wins; a forward provider could read another message than the journal.
                    return new ParsedMessage.Malformed(EhiProblem.DuplicateKey($"The property {name} appears more than once."), flavour);
                }

                cutOff |= name is "CutOffId" or "CutoffID";
                transaction |= TransactionFields.Contains(name);
                cutOff |= !transaction && CutOffFields.Contains(name) && name is not ("ProductID" or "ProductId");
                reader.Read();
                reader.Skip();
            }

            if (reader.IsFinalBlock && reader.Read())
            {
                return new ParsedMessage.Malformed(EhiProblem.NotParsable("The body holds more than one JSON value."), flavour);
            }
        }
        catch (JsonException ex)
        {
            return new ParsedMessage.Malformed(EhiProblem.NotParsable("The body is not valid JSON: " + ex.Message), flavour);
        }
        catch (InvalidOperationException ex)
        {
            // A property name that cannot be a string (a lone surrogate escape, for instance).
            return new ParsedMessage.Malformed(EhiProblem.NotParsable("The body is not valid JSON: " + ex.Message), flavour);
        }

        try
        {
            if (cutOff)
            {
                var message = JsonSerializer.Deserialize(body, EhiJsonContext.Default.CutOff)!;
                return message.Id is null
                    ? new ParsedMessage.Malformed(EhiProblem.MissingKey("A Cut-Off must carry CutOffId."), flavour)
                    : new ParsedMessage.CutOffSummary(message, flavour);
            }

            if (!transaction)
            {
                return new ParsedMessage.ConnectivityProbe();
            }

            var getTransaction = JsonSerializer.Deserialize(body, EhiJsonContext.Default.GetTransaction)!;
            if (getTransaction.TxnId is null)
            {
                return new ParsedMessage.Malformed(EhiProblem.MissingKey("A GetTransaction message must carry TXn_ID."), flavour);
            }

            return AmountPrecision.Check(getTransaction) is { } imprecise
                ? new ParsedMessage.Malformed(imprecise, flavour)
                : new ParsedMessage.Transaction(getTransaction, flavour);
        }
        catch (JsonException ex)
        {
            return new ParsedMessage.Malformed(EhiProblem.WrongType(Explain(ex, cutOff)), flavour);
        }
        catch (InvalidOperationException ex)
        {
            return new ParsedMessage.Malformed(EhiProblem.NotParsable("The body is not valid JSON: " + ex.Message), flavour);
        }
    }

    private static string Explain(JsonException ex, bool cutOff)
    {
        string field = ex.Path?.TrimStart('$', '.').Trim('[', ']', '\'', '"') ?? "?";
        var types = cutOff ? CutOffTypes : TransactionTypes;
        string expected = types.TryGetValue(field, out var type)
            ? type == typeof(long) || type == typeof(int) ? "an integer" : type == typeof(decimal) ? "a number" : type == typeof(DateTime) ? "a date yyyy-MM-dd HH:mm:ss.fff" : "a string"
            : "another type";
        return $"{field} must be {expected}.";
    }

    /// <summary>Property names and whether each is numeric, for the XML mapping.</summary>
    public static Dictionary<string, Type> TypesOf(JsonTypeInfo info) =>
        info.Properties.ToDictionary(p => p.Name, p => Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType, StringComparer.Ordinal);

    private static HashSet<string> NamesOf(JsonTypeInfo info) => [.. info.Properties.Select(p => p.Name)];
}
