namespace Ehi.Server.Configuration;

/// <summary>Metrics and traces (section <c>Ehi:Telemetry</c>). Prometheus metrics are always served
/// at <c>/metrics</c> on the admin listener; OTLP export is off unless an endpoint is set.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The OTLP collector to export metrics and traces to, e.g. <c>http://127.0.0.1:4318</c>.</summary>
    /// <value>The default value is <see langword="null"/> (no OTLP export).</value>
    public string? OtlpEndpoint { get; set; }

    /// <summary>The OTLP transport: <c>HttpProtobuf</c> (port 4318) or <c>Grpc</c> (port 4317).</summary>
    /// <value>The default value is <c>HttpProtobuf</c>.</value>
    public string OtlpProtocol { get; set; } = "HttpProtobuf";

    /// <summary>The service.name resource attribute of exported telemetry.</summary>
    /// <value>The default value is <c>ehi</c>.</value>
    public string ServiceName { get; set; } = "ehi";
}
