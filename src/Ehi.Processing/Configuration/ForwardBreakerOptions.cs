namespace Ehi.Processing.Configuration;

/// <summary>The forward provider's circuit breaker: when the core system keeps failing or timing
/// out, stop asking it for a cool-down and answer the fallback at once instead of letting every
/// message wait out the budget; then let one probe through and close when it succeeds.</summary>
public sealed class ForwardBreakerOptions
{
    /// <summary>Whether the breaker is on.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>The share of failed calls within <see cref="SamplingDuration"/> that opens the breaker.</summary>
    /// <value>The default value is 0.5.</value>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>How many calls the sampling window needs before the ratio counts.</summary>
    /// <value>The default value is 5.</value>
    public int MinimumThroughput { get; set; } = 5;

    /// <summary>The window in which failures are counted.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The cool-down: how long the breaker stays open before one probe is let through.</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
