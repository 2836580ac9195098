using System.Net.Http.Headers;
using System.Text.Json;
using Ehi.Core.Codec;
using Ehi.Core.Json;
using Ehi.Core.Messages;
using Ehi.Processing.Configuration;

namespace Ehi.Processing.Decisions;

/// <summary>POSTs the message as JSON to the programme manager's decision service and reads a
/// GetTransaction response back. The call carries Thredd's traceparent, so one trace spans Thredd,
/// ehi and the core system. Failures and timeouts throw; the processor then falls back.</summary>
public sealed class ForwardDecisionProvider(HttpClient http, ForwardProviderOptions options) : IDecisionProvider
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly Uri _url = new(options.Url!);

    /// <inheritdoc />
    public string Name => "forward";

    /// <inheritdoc />
    public async ValueTask<GetTransactionResponse> DecideAsync(DecisionContext context, CancellationToken cancellationToken)
    {
        // A JSON body goes on as it came (every field, unknown ones too); SOAP is re-encoded as JSON.
        bool json = context.Flavour == MessageFlavour.Json;
        var content = new ByteArrayContent(json ? context.Request.Body.ToArray() : JsonSerializer.SerializeToUtf8Bytes(context.Message, EhiJsonContext.Default.GetTransaction));
        content.Headers.ContentType = Json;
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = content };
        if (context.Request.TraceParent is { } traceParent)
        {
            request.Headers.TryAddWithoutValidation("traceparent", traceParent);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        byte[] body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        var answer = JsonSerializer.Deserialize(body, EhiJsonContext.Default.GetTransactionResponse)
            ?? throw new InvalidDataException("the decision service answered null");
        return answer.ResponseStatus is { Length: 2 }
            ? answer
            : throw new InvalidDataException("the decision service's answer has no two-character Responsestatus");
    }
}
