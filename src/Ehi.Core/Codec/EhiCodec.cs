using System.Text;
using System.Text.Json;
using System.Xml;
using Ehi.Core.Handling;
using Ehi.Core.Json;
using Ehi.Core.Messages;

namespace Ehi.Core.Codec;

/// <summary>Turns request bodies into messages and answers into bodies, in JSON or SOAP/XML.
/// JSON and SOAP arrive on the same path, told apart by Content-Type, the soapaction header, and
/// finally the first byte of the body.</summary>
public static class EhiCodec
{
    private static readonly XmlWriterSettings WriterSettings = new() { Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false, Indent = false };

    /// <summary>Parses a request.</summary>
    public static ParsedMessage Parse(EhiRequest request) =>
        IsXml(request) ? SoapMessageReader.Read(request.Body) : JsonMessageReader.Read(request.Body.Span, MessageFlavour.Json);

    /// <summary>The body and content type of a GetTransaction answer.</summary>
    public static (byte[] Body, string ContentType) Encode(GetTransactionResponse response, MessageFlavour flavour)
    {
        if (flavour == MessageFlavour.Json)
        {
            return (JsonSerializer.SerializeToUtf8Bytes(response, EhiJsonContext.Default.GetTransactionResponse), "application/json");
        }

        return Soap(flavour, "GetTransactionResponse", writer => SoapResultWriter.Write(writer, response));
    }

    /// <summary>The body and content type of a Cut-Off answer.</summary>
    public static (byte[] Body, string ContentType) EncodeCutOff(bool acknowledged, MessageFlavour flavour) => flavour == MessageFlavour.Json
        ? (Encoding.UTF8.GetBytes(acknowledged ? """{"Acknowledgement":"1"}""" : """{"Acknowledgement":"0"}"""), "application/json")
        : Soap(flavour, "Cut_OffResponse", writer => writer.WriteElementString("Cut_OffResult", SoapMessageReader.TempUri, acknowledged ? "1" : "0"));

    private static bool IsXml(EhiRequest request)
    {
        if (request.SoapAction is not null)
        {
            return true;
        }

        string type = request.ContentType ?? string.Empty;
        if (type.Contains("xml", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (byte b in request.Body.Span)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF))
            {
                return b == (byte)'<';
            }
        }

        return false;
    }

    // Only the envelope's namespace and tempuri as the default namespace: Thredd resends on stray ones.
    private static (byte[] Body, string ContentType) Soap(MessageFlavour flavour, string operation, Action<XmlWriter> content)
    {
        string envelopeNs = flavour == MessageFlavour.Soap12 ? SoapMessageReader.Soap12 : SoapMessageReader.Soap11;
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, WriterSettings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("soap", "Envelope", envelopeNs);
            writer.WriteStartElement("Body", envelopeNs);
            writer.WriteStartElement(operation, SoapMessageReader.TempUri);
            content(writer);
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        return (buffer.ToArray(), flavour == MessageFlavour.Soap12 ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8");
    }
}
