using System.Text.Json;
using Ehi.Core.Handling;

namespace Ehi.Server.Messaging;

/// <summary>Acknowledges any well-formed JSON body with <c>{"Acknowledgement":"0"}</c> (received,
/// nothing processed): what the guide's curl test with <c>{"foo": "bar"}</c> expects as a 200.
/// Malformed JSON gets a 400 with the parser's reason.</summary>
public sealed class AcknowledgeOnlyHandler : IEhiMessageHandler
{
    private static readonly EhiAnswer Acknowledged = new(200, "application/json", """{"Acknowledgement":"0"}"""u8.ToArray());

    /// <inheritdoc />
    public ValueTask<EhiAnswer> HandleAsync(EhiRequest request, CancellationToken cancellationToken)
    {
        if (request.OversizedLimit is { } limit)
        {
            return ValueTask.FromResult(new EhiAnswer(400, "application/problem+json", Ehi.Core.Codec.EhiProblem.TooLarge(limit).ToJson(400)));
        }

        var reader = new Utf8JsonReader(request.Body.Span);
        try
        {
            while (reader.Read())
            {
                // Reading to the end proves the body is one complete JSON document.
            }
        }
        catch (JsonException ex)
        {
            string error = JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = "The body is not valid JSON: " + ex.Message });
            return ValueTask.FromResult(new EhiAnswer(400, "application/json", System.Text.Encoding.UTF8.GetBytes(error)));
        }

        return ValueTask.FromResult(Acknowledged);
    }
}
