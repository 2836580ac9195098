using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Ehi.Server.Configuration;
using Ehi.Server.Network;
using Ehi.Server.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Ehi.Server.Http;

/// <summary>Who may use the admin listener, for everything on it except the health probes (which
/// orchestrators and the container's HEALTHCHECK call without credentials): first what a web page the
/// operator visits could make a browser send is refused (a Host other than the listener's own address,
/// i.e. DNS rebinding; an Origin not in <c>Ehi:Admin:AllowedOrigins</c>; a body that is not
/// <c>application/json</c>, i.e. a "simple" cross-site POST), then the bearer token is checked when
/// one is configured.</summary>
internal sealed class AdminAuthorization
{
    private readonly RequestDelegate _next;
    private readonly byte[]? _token;
    private readonly AdminOptions _options;
    private readonly ILogger<AdminAuthorization> _logger;

    public AdminAuthorization(RequestDelegate next, EhiServerOptions options, ILogger<AdminAuthorization> logger)
    {
        _next = next;
        _options = options.Admin;
        _logger = logger;
        _token = options.Admin.Token is { Length: > 0 } token ? Encoding.UTF8.GetBytes("Bearer " + token) : null;
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (HealthEndpoints.IsProbe(context.Request.Path) || Refusal(context) is not { } refusal)
        {
            return _next(context);
        }

        var (status, message) = refusal.Reason switch
        {
            AdminRefusal.ForeignHost => (StatusCodes.Status403Forbidden, "The Host header is not this admin listener's address (Ehi:Admin:AllowedHosts)."),
            AdminRefusal.ForeignOrigin => (StatusCodes.Status403Forbidden, "Requests from a web page (Origin header) are not accepted (Ehi:Admin:AllowedOrigins)."),
            AdminRefusal.NotJson => (StatusCodes.Status415UnsupportedMediaType, "The body must be application/json."),
            _ => (StatusCodes.Status401Unauthorized, "A valid bearer token is required (Ehi:Admin:Token)."),
        };
        _logger.AdminRequestRefused(refusal.Reason.ToString(), refusal.Detail, context.Request.Method, context.Request.Path.Value, ClientAddress.Of(context.Connection.RemoteIpAddress));
        if (refusal.Reason == AdminRefusal.BadToken)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync($$"""{"error":"{{message}}","reason":"{{refusal.Reason}}"}""");
    }

    private (AdminRefusal Reason, string Detail)? Refusal(HttpContext context)
    {
        var request = context.Request;
        string host = request.Headers.Host.ToString();
        if (!IsOwnHost(host, context.Connection.LocalIpAddress, context.Connection.LocalPort))
        {
            return (AdminRefusal.ForeignHost, $"Host '{host}'");
        }

        string origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !_options.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase))
        {
            return (AdminRefusal.ForeignOrigin, $"Origin '{origin}'");
        }

        // A form or a text/plain fetch needs no CORS preflight; only JSON bodies are accepted, so a
        // page cannot post one without the browser asking first (and being refused for its Origin).
        bool hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0
            || HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method);
        if (hasBody && !IsJson(request.ContentType))
        {
            return (AdminRefusal.NotJson, $"Content-Type '{request.ContentType}'");
        }

        if (_token is not null && !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers.Authorization.ToString()), _token))
        {
            return (AdminRefusal.BadToken, "no or wrong bearer token");
        }

        return null;
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var media) && string.Equals(media.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase);

    // The listener's own address as a browser would name it; a rebinding page's name never matches.
    private bool IsOwnHost(string host, IPAddress? local, int port)
    {
        if (host.Length == 0)
        {
            return false;
        }

        if (_options.AllowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        if (local is null)
        {
            return false;
        }

        if (local.IsIPv4MappedToIPv6)
        {
            local = local.MapToIPv4();
        }

        string address = local.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{local}]" : local.ToString();
        string[] own = IPAddress.IsLoopback(local) ? [address, "localhost"] : [address];
        foreach (string name in own)
        {
            if (string.Equals(host, $"{name}:{port}", StringComparison.OrdinalIgnoreCase) || (port == 80 && string.Equals(host, name, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
