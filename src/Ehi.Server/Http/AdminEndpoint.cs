using Ehi.Core.Handling;
using Ehi.Server.Network;
using Ehi.Server.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ehi.Server.Http;

/// <summary>The admin API (after <see cref="AdminAuthorization"/> has checked the token): hands the
/// request to the registered <see cref="IAdminHandler"/>.</summary>
internal sealed class AdminEndpoint
{
    private const int MaxBody = 1 << 20;
    private readonly IServiceProvider _services;
    private readonly ILogger<AdminEndpoint> _logger;

    public AdminEndpoint(RequestDelegate next, IServiceProvider services, ILogger<AdminEndpoint> logger)
    {
        _ = next; // terminal
        _services = services;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (_services.GetService<IAdminHandler>() is not { } handler)
        {
            await WriteAsync(context, new EhiAnswer(404, "application/json", """{"error":"No admin API: the server runs without the built-in ledger."}"""u8.ToArray())).ConfigureAwait(false);
            return;
        }

        using var body = new MemoryStream();
        try
        {
            await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            _logger.RequestBodyFailed(ex.StatusCode, ex.Message, ClientAddress.Of(context.Connection.RemoteIpAddress));
            if (!context.Response.HasStarted)
            {
                await WriteAsync(context, new EhiAnswer(ex.StatusCode, "application/json", """{"error":"The request body could not be read."}"""u8.ToArray())).ConfigureAwait(false);
            }

            return;
        }

        if (body.Length > MaxBody)
        {
            await WriteAsync(context, new EhiAnswer(413, "application/json", """{"error":"The body is too large."}"""u8.ToArray())).ConfigureAwait(false);
            return;
        }

        var answer = await handler.HandleAsync(new AdminRequest(context.Request.Method, context.Request.Path.Value ?? "/", body.ToArray()), context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, answer).ConfigureAwait(false);
    }

    private static Task WriteAsync(HttpContext context, EhiAnswer answer)
    {
        context.Response.StatusCode = answer.StatusCode;
        context.Response.ContentType = answer.ContentType;
        context.Response.ContentLength = answer.Body.Length;
        return answer.Body.IsEmpty ? Task.CompletedTask : context.Response.Body.WriteAsync(answer.Body).AsTask();
    }
}
