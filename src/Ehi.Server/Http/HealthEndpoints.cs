using System.Text.Json;
using Ehi.Core.Handling;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ehi.Server.Http;

/// <summary><c>/healthz</c> (the process is alive and answering) and <c>/readyz</c> (every
/// readiness check passes: TLS material, CRLs, journal, database) on the admin listener, each with
/// a JSON body naming its checks; not ready is 503.</summary>
internal sealed class HealthEndpoints(RequestDelegate next, HealthCheckService health, IEnumerable<IReadinessProbe> probes, TimeProvider time)
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
        var entries = report.Entries.Select(e => (e.Key, e.Value.Status, e.Value.Description ?? e.Value.Exception?.Message ?? string.Empty)).ToList();
        foreach (var probe in probes)
        {
            entries.Add(await ProbeAsync(probe, context.RequestAborted).ConfigureAwait(false));
        }

        bool ready = entries.All(e => e.Item2 != HealthStatus.Unhealthy);
        await WriteAsync(context, ready ? 200 : 503, writer =>
        {
            writer.WriteString("status", ready ? "ready" : "not ready");
            writer.WriteStartArray("checks");
            foreach (var (name, status, detail) in entries)
            {
                writer.WriteStartObject();
                writer.WriteString("name", name);
                writer.WriteString("status", status switch { HealthStatus.Healthy => "ok", HealthStatus.Degraded => "warning", _ => "failing" });
                writer.WriteString("detail", detail);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }).ConfigureAwait(false);
    }

    private static async Task<(string, HealthStatus, string)> ProbeAsync(IReadinessProbe probe, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            var result = await probe.ProbeAsync(timeout.Token).ConfigureAwait(false);
            return (probe.Name, result.Ready ? HealthStatus.Healthy : HealthStatus.Unhealthy, result.Detail);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (probe.Name, HealthStatus.Unhealthy, "the check did not answer within 5 seconds");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (probe.Name, HealthStatus.Unhealthy, ex.Message);
        }
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
