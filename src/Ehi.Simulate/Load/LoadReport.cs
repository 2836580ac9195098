namespace Ehi.Simulate.Load;

/// <summary>What a load run measured. Latency is from the intended send time (open loop) so a stall
/// shows in the tail instead of quietly lowering the rate (no coordinated omission).</summary>
/// <param name="SchemaVersion">1.</param>
/// <param name="Sent">Messages sent in the measured window.</param>
/// <param name="Answered">HTTP answers received.</param>
/// <param name="Errors">Messages that failed or whose answer did not pass the check.</param>
/// <param name="Seconds">The measured window.</param>
/// <param name="Throughput">HTTP answers per second.</param>
/// <param name="LatencyMs">Latency percentiles in milliseconds.</param>
/// <param name="ErrorsByKind">Errors by kind (connect, handshake, http-NNN, not-acknowledged, …).</param>
/// <param name="AnswersByStatus">Answers by Responsestatus ("none" when absent).</param>
/// <param name="Handshakes">TLS handshakes completed.</param>
/// <param name="HandshakesPerSecond">Handshakes per second.</param>
/// <param name="BySecond">The measured window second by second (by intended send time): a stall at
/// the start, such as after a bulk load, shows here even when the whole run's percentiles hide it.</param>
public sealed record LoadReport(int SchemaVersion, long Sent, long Answered, long Errors, double Seconds, double Throughput, LatencySummary LatencyMs, IReadOnlyDictionary<string, long> ErrorsByKind, IReadOnlyDictionary<string, long> AnswersByStatus, long Handshakes, double HandshakesPerSecond, IReadOnlyList<SecondSummary> BySecond);

/// <summary>One second of the measured window.</summary>
/// <param name="Second">Seconds since the window started (0 is the first).</param>
/// <param name="Sent">Messages meant to be sent in that second.</param>
/// <param name="P99">99th percentile latency in milliseconds.</param>
/// <param name="P999">99.9th percentile latency in milliseconds.</param>
/// <param name="Max">Maximum latency in milliseconds.</param>
public sealed record SecondSummary(int Second, int Sent, double P99, double P999, double Max);

/// <summary>Latency percentiles.</summary>
/// <param name="P50">Median.</param>
/// <param name="P90">90th percentile.</param>
/// <param name="P99">99th percentile.</param>
/// <param name="P999">99.9th percentile.</param>
/// <param name="Max">Maximum.</param>
public sealed record LatencySummary(double P50, double P90, double P99, double P999, double Max)
{
    /// <summary>Summarises recorded latencies.</summary>
    public static LatencySummary Of(IEnumerable<double> latencies)
    {
        double[] sorted = [.. latencies.Order()];
        double At(double q) => sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))], 3);
        return new LatencySummary(At(0.5), At(0.9), At(0.99), At(0.999), sorted.Length == 0 ? 0 : Math.Round(sorted[^1], 3));
    }
}
