using System.Text.Json;
using Ehi.Core.Handling;
using Ehi.Server.Hosting;
using Ehi.Server.Tls;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ehi.Server.Status;

/// <summary>The status page on the admin listener: <c>/</c> (HTML), its script and style sheet
/// (embedded in the assembly: the page loads nothing from elsewhere) and <c>/status.json</c>,
/// which the page fetches every few seconds.</summary>
internal sealed class StatusPageEndpoint(RequestDelegate next, IServiceProvider services, TimeProvider time)
{
    /// <summary>Thredd's round-trip budget, the line the latency chart is drawn against.</summary>
    public const double ThreddBudgetMs = 200;

    private static readonly Dictionary<string, (string Resource, string ContentType)> Assets = new(StringComparer.Ordinal)
    {
        ["/"] = ("status.html", "text/html; charset=utf-8"),
        ["/status.js"] = ("status.js", "text/javascript; charset=utf-8"),
        ["/status.css"] = ("status.css", "text/css; charset=utf-8"),
    };

    public async Task InvokeAsync(HttpContext context)
    {
        string path = context.Request.Path.Value ?? "/";
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (path == "/status.json")
        {
            await WriteSnapshotAsync(context).ConfigureAwait(false);
            return;
        }

        if (!Assets.TryGetValue(path, out var asset))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        using var stream = typeof(StatusPageEndpoint).Assembly.GetManifestResourceStream("Ehi.Server.Status." + asset.Resource)
            ?? throw new InvalidOperationException("status page asset missing: " + asset.Resource);
        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = stream.Length;
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'";
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task WriteSnapshotAsync(HttpContext context)
    {
        OperationsReport? operations = null;
        if (services.GetService<IOperationsStatus>() is { } source)
        {
            operations = await source.ReportAsync(context.RequestAborted).ConfigureAwait(false);
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            StatusDocument.Write(
                writer,
                services.GetRequiredService<StartupReport>(),
                services.GetRequiredService<TlsMaterialSource>().Current,
                services.GetRequiredService<DownloadedCrls>(),
                services.GetRequiredService<RecentRefusals>(),
                services.GetRequiredService<TrafficWindow>(),
                operations,
                ThreddBudgetMs,
                time.GetUtcNow());
        }

        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentLength = buffer.Length;
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
    }
}
