using System.Security.Cryptography;
using System.Text;
using Ehi.Server.Configuration;
using Microsoft.AspNetCore.Http;

namespace Ehi.Server.Http;

/// <summary>The admin listener's bearer token (when configured), for everything on it except the
/// health probes, which orchestrators and the container's HEALTHCHECK call without credentials.</summary>
internal sealed class AdminAuthorization
{
    private readonly RequestDelegate _next;
    private readonly byte[]? _token;

    public AdminAuthorization(RequestDelegate next, EhiServerOptions options)
    {
        _next = next;
        _token = options.Admin.Token is { Length: > 0 } token ? Encoding.UTF8.GetBytes("Bearer " + token) : null;
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (_token is null || HealthEndpoints.IsProbe(context.Request.Path)
            || CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString()), _token))
        {
            return _next(context);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("""{"error":"A valid bearer token is required (Ehi:Admin:Token)."}""");
    }
}
