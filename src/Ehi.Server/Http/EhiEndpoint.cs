using Ehi.Core.Handling;
using Ehi.Server.Configuration;
using Ehi.Server.Messaging;
using Ehi.Server.Network;
using Ehi.Server.Telemetry;
using Ehi.Server.Tls;
using Ehi.Server.WarmUp;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Ehi.Server.Http;

/// <summary>The EHI path: reads a POSTed body within the size limit and hands it to the
/// <see cref="IEhiMessageHandler"/>. Anything else on the path is 405; other paths are 404.</summary>
internal sealed class EhiEndpoint
{
    private readonly IEhiMessageHandler _handler;
    private readonly IEhiMessageHandler _warmUpHandler;
    private readonly EhiServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<EhiEndpoint> _logger;

    public EhiEndpoint(RequestDelegate next, IEhiMessageHandler handler, IEnumerable<IWarmUpMessageHandler> warmUp, EhiServerOptions options, TimeProvider time, ILogger<EhiEndpoint> logger)
    {
        _ = next; // terminal: nothing runs after the EHI endpoint
        _handler = handler;
        // The warm-up connection never reaches the real handler; without a warm-up handler it is acknowledged only.
        _warmUpHandler = warmUp.LastOrDefault() ?? (IEhiMessageHandler)new AcknowledgeOnlyHandler();
        _options = options;
        _time = time;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        string? path = context.Request.Path.Value;
        if (!string.Equals(path, _options.Path, StringComparison.Ordinal) && !string.Equals(path, _options.CutOffPath, StringComparison.Ordinal))
        {
            await WriteAsync(context, new EhiAnswer(404, "application/json", """{"error":"Not found: EHI messages go to the EHI path."}"""u8.ToArray())).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.Headers.Allow = "POST";
            await WriteAsync(context, new EhiAnswer(405, "application/json", """{"error":"The EHI path accepts POST only."}"""u8.ToArray())).ConfigureAwait(false);
            return;
        }

        byte[] body;
        bool oversized;
        try
        {
            (body, oversized) = await ReadBodyAsync(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            // A slow or cut body (408, 400): one line with the reason, not a stack trace.
            _logger.RequestBodyFailed(ex.StatusCode, ex.Message, ClientAddress.Of(context.Connection.RemoteIpAddress));
            await TryAnswerAsync(context, ex.StatusCode).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or Microsoft.AspNetCore.Connections.ConnectionResetException)
        {
            _logger.RequestBodyFailed(499, "the client closed the connection before sending the whole body", ClientAddress.Of(context.Connection.RemoteIpAddress));
            return;
        }

        var verdict = context.Features.Get<IClientCertificateVerdictFeature>()?.Verdict;
        var request = new EhiRequest(
            body,
            context.Request.ContentType,
            context.Request.Headers["soapaction"].FirstOrDefault(),
            context.Request.Headers["traceparent"].FirstOrDefault(),
            verdict?.Thumbprint,
            _time.GetUtcNow())
        {
            OversizedLimit = oversized ? _options.MaxBodyBytes : null,
            RemoteAddress = ClientAddress.Of(context.Connection.RemoteIpAddress),
        };
        EhiAnswer answer;
        if (context.Features.Get<WarmUpConnection>() is null)
        {
            answer = await _handler.HandleAsync(request, context.RequestAborted).ConfigureAwait(false);
        }
        else
        {
            // The server's own warm-up: no trace of it is exported (this request's span, the processing's).
            if (System.Diagnostics.Activity.Current is { } span)
            {
                span.IsAllDataRequested = false;
            }

            using var quiet = OpenTelemetry.SuppressInstrumentationScope.Begin();
            answer = await _warmUpHandler.HandleAsync(request, context.RequestAborted).ConfigureAwait(false);
        }
        if (oversized)
        {
            // The rest of the body was not read: do not try to reuse the connection.
            context.Response.Headers.Connection = "close";
        }

        if (answer.StatusCode >= 400)
        {
            _logger.MessageRejected(answer.StatusCode, System.Text.Encoding.UTF8.GetString(answer.Body.Span), ClientAddress.Of(context.Connection.RemoteIpAddress));
        }

        await WriteAsync(context, answer).ConfigureAwait(false);
    }

    // Reads at most MaxBodyBytes (plus one byte to tell that there is more). The limit is enforced
    // here, not by Kestrel: Kestrel refuses an announced or chunked oversized body before handing over
    // any of it, and the first MaxBodyBytes are kept so the rejection is journalled with them.
    private async Task<(byte[] Body, bool Oversized)> ReadBodyAsync(HttpContext context)
    {
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = null;
        }

        long limit = _options.MaxBodyBytes;
        if (context.Request.ContentLength is { } announced && announced <= limit)
        {
            return (await ReadAnnouncedBodyAsync(context, (int)announced).ConfigureAwait(false), false);
        }

        using var buffer = new MemoryStream(4096); // no length, or one over the limit
        byte[] chunk = new byte[16 * 1024];
        while (buffer.Length <= limit)
        {
            int n = await context.Request.Body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit + 1 - buffer.Length)), context.RequestAborted).ConfigureAwait(false);
            if (n == 0)
            {
                return (buffer.ToArray(), false);
            }

            buffer.Write(chunk, 0, n);
        }

        return (buffer.GetBuffer()[..(int)limit], true);
    }

    // Thredd announces the length of every message: read straight into an array of that size. (A
    // 16 KB chunk plus a growing copy per message were 40% of the bytes the server allocated.) Kestrel
    // ends the body at the announced length and fails a body cut short (BadHttpRequestException).
    private static async Task<byte[]> ReadAnnouncedBodyAsync(HttpContext context, int length)
    {
        byte[] body = length == 0 ? [] : new byte[length];
        int read = 0;
        while (read < length)
        {
            int n = await context.Request.Body.ReadAsync(body.AsMemory(read), context.RequestAborted).ConfigureAwait(false);
            if (n == 0)
            {
                return body[..read];
            }

            read += n;
        }

        return body;
    }

    private static async Task TryAnswerAsync(HttpContext context, int status)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        try
        {
            context.Response.Headers.Connection = "close";
            await WriteAsync(context, new EhiAnswer(status, "application/json", status == 408
                ? """{"error":"The request body did not arrive in time."}"""u8.ToArray()
                : """{"error":"The request body could not be read."}"""u8.ToArray())).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The connection is already gone.
        }
    }

    private static Task WriteAsync(HttpContext context, EhiAnswer answer)
    {
        context.Response.StatusCode = answer.StatusCode;
        context.Response.ContentType = answer.ContentType;
        context.Response.ContentLength = answer.Body.Length;
        return context.Response.Body.WriteAsync(answer.Body).AsTask();
    }
}
