using System.Net.Http.Headers;
using System.Text.Json;
using Ehi.Core.Codec;
using Ehi.Core.Json;
using Ehi.Core.Messages;
using Ehi.Processing.Configuration;
using Ehi.Processing.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ehi.Processing.Decisions;

/// <summary>POSTs the message as JSON to the programme manager's decision service and reads a
/// GetTransaction response back. The call carries Thredd's traceparent, so one trace spans Thredd,
/// ehi and the core system. Failures and timeouts throw; the processor then falls back. A circuit
/// breaker sits in front: while the service keeps failing, calls throw at once
/// (<see cref="Polly.CircuitBreaker.BrokenCircuitException"/>) instead of waiting out the budget.</summary>
public sealed class ForwardDecisionProvider : IDecisionProvider
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly ForwardProviderOptions _options;
    private readonly Uri _url;

    /// <summary>A provider calling <see cref="ForwardProviderOptions.Url"/> through <paramref name="http"/>
    /// (make it with <see cref="ForwardHttpClient.Create"/> for pooled keep-alive connections).</summary>
    public ForwardDecisionProvider(HttpClient http, ForwardProviderOptions options, ILogger? logger = null, TimeProvider? time = null, IEnumerable<IForwardCircuitObserver>? observers = null)
    {
        _http = http;
        _options = options;
        _url = new Uri(options.Url!);
        Breaker = new ForwardCircuitBreaker(options.Breaker, logger ?? NullLogger.Instance, time ?? TimeProvider.System, observers);
    }

    /// <inheritdoc />
    public string Name => "forward";

    /// <summary>The circuit breaker in front of the service.</summary>
    public ForwardCircuitBreaker Breaker { get; }

    /// <inheritdoc />
    public ValueTask<GetTransactionResponse> DecideAsync(DecisionContext context, CancellationToken cancellationToken) =>
        Breaker.ExecuteAsync(static (s, ct) => s.Self.CallAsync(s.Context, ct), (Self: this, Context: context), cancellationToken);

    private async ValueTask<GetTransactionResponse> CallAsync(DecisionContext context, CancellationToken cancellationToken)
    {
        // A JSON body goes on as it came (every field, unknown ones too); SOAP is re-encoded as JSON.
        bool json = context.Flavour == MessageFlavour.Json;
        var content = new ByteArrayContent(json ? context.Request.Body.ToArray() : JsonSerializer.SerializeToUtf8Bytes(context.Message, EhiJsonContext.Default.GetTransaction));
        content.Headers.ContentType = Json;
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = content };
        if (ProcessingTracing.Outgoing(context.Request.TraceParent) is { } traceParent)
        {
            request.Headers.TryAddWithoutValidation("traceparent", traceParent);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        byte[] body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        var answer = JsonSerializer.Deserialize(body, EhiJsonContext.Default.GetTransactionResponse)
            ?? throw new InvalidDataException("the decision service answered null");
        return answer.ResponseStatus is { Length: 2 }
            ? answer
            : throw new InvalidDataException("the decision service's answer has no two-character Responsestatus");
    }
}
