using System.Security.Cryptography;
using System.Text;
using Ehi.Core.Handling;
using Ehi.Server.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ehi.Server.Http;

/// <summary>The admin listener's only endpoint: checks the bearer token (when configured) and hands
/// the request to the registered <see cref="IAdminHandler"/>.</summary>
internal sealed class AdminEndpoint
{
    private const int MaxBody = 1 << 20;
    private readonly byte[]? _token;
    private readonly IServiceProvider _services;

    public AdminEndpoint(RequestDelegate next, EhiServerOptions options, IServiceProvider services)
    {
        _ = next; // terminal
        _services = services;
        _token = options.Admin.Token is { Length: > 0 } token ? Encoding.UTF8.GetBytes("Bearer " + token) : null;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (_token is not null && !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString()), _token))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteAsync(context, new EhiAnswer(401, "application/json", """{"error":"A valid bearer token is required (Ehi:Admin:Token)."}"""u8.ToArray())).ConfigureAwait(false);
            return;
        }

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
