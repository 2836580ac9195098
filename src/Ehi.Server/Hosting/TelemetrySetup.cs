using System.Diagnostics.Metrics;
using Ehi.Server.Configuration;
using Ehi.Server.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Ehi.Server.Hosting;

/// <summary>OpenTelemetry for the server: ehi's meters, ASP.NET Core's and Kestrel's, the runtime's,
/// the HTTP client's and the database client's, exported for Prometheus at /metrics on the admin
/// listener and, when configured, over OTLP with the traces.</summary>
internal static class TelemetrySetup
{
    /// <summary>Every ehi meter is named Ehi.*.</summary>
    public const string EhiMeters = "Ehi.*";

    /// <summary>Thredd's budget: the decision latency histogram has bucket boundaries at 150 ms and 200 ms.</summary>
    public static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.125, 0.15, 0.175, 0.2, 0.25, 0.5, 1, 2.5];

    // Built-in meters of .NET 10 (no instrumentation package needed) and of the database client when there is one.
    private static readonly string[] BuiltInMeters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections",
        "System.Runtime", "System.Net.Http", "System.Net.NameResolution", "Npgsql",
    ];

    public static void Add(IServiceCollection services, TelemetryOptions options)
    {
        var telemetry = services.AddOpenTelemetry().ConfigureResource(r => r.AddService(options.ServiceName));
        Uri? otlp = options.OtlpEndpoint is { } endpoint ? new Uri(endpoint) : null;
        var protocol = options.OtlpProtocol.Equals("Grpc", StringComparison.OrdinalIgnoreCase) ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(EhiMeters).AddMeter(BuiltInMeters).AddPrometheusExporter();
            ((IDeferredMeterProviderBuilder)metrics).Configure((services, builder) =>
            {
                // Only this host's meters (and process-wide ones): several hosts in one process
                // (the tests) each report their own traffic, not each other's.
                var own = services.GetRequiredService<IMeterFactory>();
                builder.AddView(i => i.Meter.Scope is IMeterFactory scope && scope != own
                    ? MetricStreamConfiguration.Drop
                    : i.Unit == "s" && i.Meter.Name.StartsWith("Ehi.", StringComparison.Ordinal) && i.GetType().Name.StartsWith("Histogram", StringComparison.Ordinal)
                        ? new ExplicitBucketHistogramConfiguration { Boundaries = LatencyBuckets }
                        : null);
            });
            if (otlp is not null)
            {
                metrics.AddOtlpExporter(o =>
                {
                    o.Protocol = protocol;
                    o.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(otlp, "v1/metrics") : otlp;
                });
            }
        });
        if (otlp is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(EhiMeters, "Microsoft.AspNetCore", "System.Net.Http")
                .AddOtlpExporter(o =>
                {
                    o.Protocol = protocol;
                    o.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(otlp, "v1/traces") : otlp;
                }));
        }

        services.AddSingleton<ServerMetrics>();
    }
}
