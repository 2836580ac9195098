using System.Text.Json;
using System.Xml;
using Ehi.Core.Json;
using Ehi.Core.Messages;

namespace Ehi.Core.Codec;

/// <summary>Re-encodes a stored GetTransaction answer in the flavour of a resend: Thredd may resend
/// in SOAP a message it first sent in JSON (or the reverse), and must get the same decision in the
/// form it asked in.</summary>
public static class AnswerTranscoder
{
    /// <summary>The flavour a stored answer was written in, from its content type.</summary>
    public static MessageFlavour FlavourOf(string? contentType) =>
        contentType is null || contentType.Contains("json", StringComparison.OrdinalIgnoreCase) ? MessageFlavour.Json
        : contentType.Contains("soap+xml", StringComparison.OrdinalIgnoreCase) ? MessageFlavour.Soap12
        : MessageFlavour.Soap11;

    /// <summary>The stored answer in <paramref name="target"/>'s flavour, or null when it already is
    /// (then the stored bytes are answered unchanged) or cannot be read back.</summary>
    public static (byte[] Body, string ContentType)? To(ReadOnlyMemory<byte> body, string? contentType, MessageFlavour target)
    {
        var stored = FlavourOf(contentType);
        if (stored == target)
        {
            return null;
        }

        var response = stored == MessageFlavour.Json ? FromJson(body) : FromSoap(body);
        return response is null ? null : EhiCodec.Encode(response, target);
    }

    private static GetTransactionResponse? FromJson(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize(body.Span, EhiJsonContext.Default.GetTransactionResponse);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static GetTransactionResponse? FromSoap(ReadOnlyMemory<byte> body)
    {
        var types = JsonMessageReader.TypesOf(EhiJsonContext.Default.GetTransactionResponse);
        try
        {
            var document = new XmlDocument { XmlResolver = null };
            using (var stream = new MemoryStream(body.ToArray(), writable: false))
            using (var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
            {
                document.Load(reader);
            }

            if (document.GetElementsByTagName("GetTransactionResult", SoapMessageReader.TempUri) is not { Count: > 0 } results || results[0] is not XmlElement result)
            {
                return null;
            }

            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                foreach (var field in result.ChildNodes.OfType<XmlElement>())
                {
                    if (!types.TryGetValue(field.LocalName, out var type) || field.InnerText.Length == 0)
                    {
                        continue;
                    }

                    writer.WritePropertyName(field.LocalName);
                    if (type == typeof(string))
                    {
                        writer.WriteStringValue(field.InnerText);
                    }
                    else
                    {
                        XsdNumber.Write(writer, field.LocalName, field.InnerText, type);
                    }
                }

                writer.WriteEndObject();
            }

            return JsonSerializer.Deserialize(buffer.ToArray(), EhiJsonContext.Default.GetTransactionResponse);
        }
        catch (Exception ex) when (ex is XmlException or JsonException or FormatException)
        {
            return null;
        }
    }
}
