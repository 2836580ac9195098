using System.Text.Json;

namespace Ehi.Core.Codec;

/// <summary>A machine-readable problem document (RFC 9457) for a body the host cannot process.
/// The <see cref="Type"/> values are stable identifiers.</summary>
/// <param name="Type">A stable URN naming the problem.</param>
/// <param name="Title">A short summary.</param>
/// <param name="Detail">What exactly was wrong.</param>
public sealed record EhiProblem(string Type, string Title, string Detail)
{
    /// <summary>The body is neither JSON nor SOAP/XML, or does not parse.</summary>
    public static EhiProblem NotParsable(string detail) => new("urn:ehi:problem:malformed-body", "The body is not a well-formed EHI message", detail);

    /// <summary>A field has the wrong type.</summary>
    public static EhiProblem WrongType(string detail) => new("urn:ehi:problem:wrong-field-type", "A field has the wrong type", detail);

    /// <summary>The message lacks its key.</summary>
    public static EhiProblem MissingKey(string detail) => new("urn:ehi:problem:missing-key", "The message has no key", detail);

    /// <summary>An amount has more decimals than its currency's minor unit.</summary>
    public static EhiProblem TooPrecise(string field, string detail) => new("urn:ehi:problem:amount-precision", $"{field} has more decimals than its currency allows", detail);

    /// <summary>A JSON object names the same property twice.</summary>
    public static EhiProblem DuplicateKey(string detail) => new("urn:ehi:problem:duplicate-key", "A field appears more than once", detail);

    /// <summary>The body is over the size limit.</summary>
    public static EhiProblem TooLarge(long limit) => new("urn:ehi:problem:body-too-large", "The body is too large", $"The body is larger than {limit} bytes.");

    /// <summary>The problem document, as <c>application/problem+json</c>.</summary>
    public byte[] ToJson(int status)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", Type);
            writer.WriteString("title", Title);
            writer.WriteNumber("status", status);
            writer.WriteString("detail", Detail);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
