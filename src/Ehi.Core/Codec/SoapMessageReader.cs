using System.Globalization;
using System.Text.Json;
using System.Xml;
using Ehi.Core.Json;

namespace Ehi.Core.Codec;

/// <summary>Reads a SOAP 1.1 or 1.2 GetTransaction or Cut_Off (namespace http://tempuri.org/) onto
/// the same model as JSON: the fields are rewritten as a JSON object, typed by the model, and read
/// by the same source-generated code, so both flavours share one set of type rules.</summary>
internal static class SoapMessageReader
{
    public const string TempUri = "http://tempuri.org/";
    public const string Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";
    public const string Soap12 = "http://www.w3.org/2003/05/soap-envelope";

    private static readonly Dictionary<string, Type> TransactionTypes = JsonMessageReader.TypesOf(EhiJsonContext.Default.GetTransaction);
    private static readonly Dictionary<string, Type> CutOffTypes = JsonMessageReader.TypesOf(EhiJsonContext.Default.CutOff);

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
    };

    public static ParsedMessage Read(ReadOnlyMemory<byte> body)
    {
        var document = new XmlDocument { XmlResolver = null };
        try
        {
            using var stream = new MemoryStream(body.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, Settings);
            document.Load(reader);
        }
        catch (XmlException ex)
        {
            return new ParsedMessage.Malformed(EhiProblem.NotParsable("The body is not well-formed XML: " + ex.Message), MessageFlavour.Soap11);
        }

        var envelope = document.DocumentElement!;
        var flavour = envelope.NamespaceURI == Soap12 ? MessageFlavour.Soap12 : MessageFlavour.Soap11;
        if (envelope.LocalName != "Envelope" || (envelope.NamespaceURI != Soap11 && envelope.NamespaceURI != Soap12))
        {
            return new ParsedMessage.Malformed(EhiProblem.NotParsable("The XML body is not a SOAP 1.1 or 1.2 envelope."), flavour);
        }

        var operation = envelope.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == "Body")?.ChildNodes.OfType<XmlElement>().FirstOrDefault();
        if (operation is null || operation.NamespaceURI != TempUri || operation.LocalName is not ("GetTransaction" or "Cut_Off"))
        {
            return new ParsedMessage.Malformed(EhiProblem.NotParsable($"The SOAP body holds no GetTransaction or Cut_Off in {TempUri}."), flavour);
        }

        bool cutOff = operation.LocalName == "Cut_Off";
        var fields = FieldsOf(operation);
        byte[] json;
        try
        {
            json = ToJson(fields, cutOff ? CutOffTypes : TransactionTypes);
        }
        catch (FormatException ex)
        {
            return new ParsedMessage.Malformed(EhiProblem.WrongType(ex.Message), flavour);
        }

        return JsonMessageReader.Read(json, flavour) switch
        {
            ParsedMessage.Transaction t => t with { Flavour = flavour },
            ParsedMessage.CutOffSummary c => c with { Flavour = flavour },
            ParsedMessage.Malformed m => m with { Flavour = flavour },
            ParsedMessage.ConnectivityProbe => new ParsedMessage.Malformed(EhiProblem.MissingKey($"The {operation.LocalName} element carries no EHI field."), flavour),
            var other => other,
        };
    }

    // Fields are the operation's child elements; some WSDLs wrap them in one more element.
    private static List<XmlElement> FieldsOf(XmlElement operation)
    {
        var children = operation.ChildNodes.OfType<XmlElement>().ToList();
        return children.Count == 1 && children[0].ChildNodes.OfType<XmlElement>().Any()
            ? [.. children[0].ChildNodes.OfType<XmlElement>()]
            : children;
    }

    private static byte[] ToJson(List<XmlElement> fields, Dictionary<string, Type> types)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var field in fields)
            {
                string text = field.InnerText;
                // XML sends blank fields as empty elements; JSON leaves them out.
                if (text.Length == 0)
                {
                    continue;
                }

                if (types.TryGetValue(field.LocalName, out var type) && (type == typeof(long) || type == typeof(int) || type == typeof(decimal)))
                {
                    writer.WritePropertyName(field.LocalName);
                    XsdNumber.Write(writer, field.LocalName, text, type);
                }
                else
                {
                    writer.WriteString(field.LocalName, text);
                }
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
