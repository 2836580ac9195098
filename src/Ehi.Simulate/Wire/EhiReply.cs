using System.Text;
using System.Text.Json;
using Ehi.Core.Json;
using Ehi.Core.Messages;

namespace Ehi.Simulate.Wire;

/// <summary>An answer from the endpoint.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="ContentType">Its content type.</param>
/// <param name="Body">Its body.</param>
public sealed record EhiReply(int Status, string ContentType, byte[] Body)
{
    /// <summary>The body as text.</summary>
    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>The GetTransaction response, if the body is one (JSON, or the result element of SOAP).</summary>
    public GetTransactionResponse? Response
    {
        get
        {
            try
            {
                if (ContentType.Contains("json", StringComparison.OrdinalIgnoreCase))
                {
                    return JsonSerializer.Deserialize(Body, EhiJsonContext.Default.GetTransactionResponse);
                }

                var result = System.Xml.Linq.XDocument.Parse(Text).Descendants().FirstOrDefault(e => e.Name.LocalName == "GetTransactionResult");
                if (result is null)
                {
                    return null;
                }

                string? Field(string name) => result.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
                return new GetTransactionResponse { Acknowledgement = Field("Acknowledgement") ?? string.Empty, ResponseStatus = Field("Responsestatus"), MerchantAdvice = Field("MerchantAdvice") };
            }
            catch (Exception ex) when (ex is JsonException or System.Xml.XmlException)
            {
                return null;
            }
        }
    }
}
