using Ehi.Core.Handling;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ehi.Server.Http;

/// <summary>The admin API (after <see cref="AdminAuthorization"/> has checked the token): hands the
/// request to the registered <see cref="IAdminHandler"/>.</summary>
internal sealed class AdminEndpoint
{
    private const int MaxBody = 1 << 20;
    private readonly IServiceProvider _services;

    public AdminEndpoint(RequestDelegate next, IServiceProvider services)
    {
        _ = next; // terminal
        _services = services;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (_services.GetService<IAdminHandler>() is not { } handler)
        {
            await WriteAsync(context, new EhiAnswer(404, "application/json", """{"error":"No admin API: the server runs without the built-in ledger."}"""u8.ToArray())).ConfigureAwait(false);
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
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
