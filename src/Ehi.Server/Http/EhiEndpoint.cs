using Ehi.Core.Handling;
using Ehi.Server.Configuration;
using Ehi.Server.Messaging;
using Ehi.Server.Telemetry;
using Ehi.Server.Tls;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Ehi.Server.Http;

/// <summary>The EHI path: reads a POSTed body within the size limit and hands it to the
/// <see cref="IEhiMessageHandler"/>. Anything else on the path is 405; other paths are 404.</summary>
internal sealed class EhiEndpoint
{
    private readonly IEhiMessageHandler _handler;
    private readonly EhiServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<EhiEndpoint> _logger;

    public EhiEndpoint(RequestDelegate next, IEhiMessageHandler handler, EhiServerOptions options, TimeProvider time, ILogger<EhiEndpoint> logger)
    {
        _ = next; // terminal: nothing runs after the EHI endpoint
        _handler = handler;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (!string.Equals(context.Request.Path.Value, _options.Path, StringComparison.Ordinal))
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

        byte[]? body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            _logger.MessageRejected(413, $"body larger than {_options.MaxBodyBytes} bytes", context.Connection.RemoteIpAddress?.ToString());
            await WriteAsync(context, new EhiAnswer(413, "application/json", System.Text.Encoding.UTF8.GetBytes($$"""{"error":"The body is larger than {{_options.MaxBodyBytes}} bytes."}"""))).ConfigureAwait(false);
            return;
        }

        var verdict = context.Features.Get<IClientCertificateVerdictFeature>()?.Verdict;
        var request = new EhiRequest(
            body,
            context.Request.ContentType,
            context.Request.Headers["soapaction"].FirstOrDefault(),
            context.Request.Headers["traceparent"].FirstOrDefault(),
            verdict?.Thumbprint,
            _time.GetUtcNow());
        var answer = await _handler.HandleAsync(request, context.RequestAborted).ConfigureAwait(false);
        if (answer.StatusCode >= 400)
        {
            _logger.MessageRejected(answer.StatusCode, System.Text.Encoding.UTF8.GetString(answer.Body.Span), context.Connection.RemoteIpAddress?.ToString());
        }

        await WriteAsync(context, answer).ConfigureAwait(false);
    }

    private async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength > _options.MaxBodyBytes)
        {
            return null;
        }

        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = _options.MaxBodyBytes;
        }

        using var buffer = new MemoryStream(context.Request.ContentLength is { } length ? (int)length : 4096);
        try
        {
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }

    private static Task WriteAsync(HttpContext context, EhiAnswer answer)
    {
        context.Response.StatusCode = answer.StatusCode;
        context.Response.ContentType = answer.ContentType;
        context.Response.ContentLength = answer.Body.Length;
        return context.Response.Body.WriteAsync(answer.Body).AsTask();
    }
}
