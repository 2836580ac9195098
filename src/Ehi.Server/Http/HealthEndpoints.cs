using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ehi.Server.Http;

/// <summary><c>/healthz</c> (the process is alive and answering) and <c>/readyz</c> (every
/// readiness check passes: TLS material, CRLs, journal, database) on the admin listener, each with
/// a JSON body naming its checks; not ready is 503.</summary>
internal sealed class HealthEndpoints(RequestDelegate next, HealthCheckService health, TimeProvider time)
{
    private readonly DateTimeOffset _started = time.GetUtcNow();

    public static bool IsProbe(PathString path) => path == "/healthz" || path == "/readyz";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path == "/healthz")
        {
            await WriteAsync(context, 200, writer =>
            {
                writer.WriteString("status", "alive");
                writer.WriteNumber("uptimeSeconds", Math.Round((time.GetUtcNow() - _started).TotalSeconds));
            }).ConfigureAwait(false);
            return;
        }

        if (context.Request.Path != "/readyz")
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var report = await health.CheckHealthAsync(context.RequestAborted).ConfigureAwait(false);
        bool ready = report.Status != HealthStatus.Unhealthy;
        await WriteAsync(context, ready ? 200 : 503, writer =>
        {
            writer.WriteString("status", ready ? "ready" : "not ready");
            writer.WriteStartArray("checks");
            foreach (var (name, entry) in report.Entries)
            {
                writer.WriteStartObject();
                writer.WriteString("name", name);
                writer.WriteString("status", entry.Status switch { HealthStatus.Healthy => "ok", HealthStatus.Degraded => "warning", _ => "failing" });
                writer.WriteString("detail", entry.Description ?? entry.Exception?.Message ?? string.Empty);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentLength = buffer.Length;
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
    }
}
