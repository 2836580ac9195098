namespace Ehi.Processing.Configuration;

/// <summary>The forward provider: the programme manager's own decision service.</summary>
public sealed class ForwardProviderOptions
{
    /// <summary>The URL the parsed message is POSTed to as JSON; it answers with a GetTransaction response.</summary>
    /// <value>The default value is <see langword="null"/>; required with the forward provider.</value>
    public string? Url { get; set; }

    /// <summary>How long to wait for the service.</summary>
    /// <value>The default value is 120 milliseconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(120);

    /// <summary>Keep-alive connections kept open to the service at most; more concurrent calls queue.</summary>
    /// <value>The default value is 64.</value>
    public int MaxConnections { get; set; } = 64;

    /// <summary>The circuit breaker in front of the service.</summary>
    public ForwardBreakerOptions Breaker { get; set; } = new();
}
