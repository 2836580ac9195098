namespace Ehi.Processing.Configuration;

/// <summary>Checks processing settings; every problem is one sentence naming the setting.</summary>
public static class ProcessingOptionsValidator
{
    /// <summary>Adds a sentence per problem.</summary>
    public static void Validate(ProcessingOptions options, ICollection<string> problems)
    {
        if (!Enum.IsDefined(options.Mode))
        {
            problems.Add($"Ehi:Processing:Mode is {(int)options.Mode}; EHI modes are 1, 2, 3 and 4 (--mode).");
        }

        foreach (var (product, mode) in options.ProductModes)
        {
            if (!long.TryParse(product, out _) || !Enum.IsDefined(mode))
            {
                problems.Add($"Ehi:Processing:ProductModes:{product} = {(int)mode}; keys are ProductIDs and values modes 1 to 4.");
            }
        }

        if (!Enum.IsDefined(options.Provider))
        {
            problems.Add($"Ehi:Processing:Provider '{options.Provider}' is unknown; use ledger, static or forward (--provider).");
        }

        if (options.Provider == DecisionProviderKind.Forward
            && (!Uri.TryCreate(options.Forward.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            problems.Add("Ehi:Processing:Forward:Url must be the http(s) URL of your decision service when the provider is forward.");
        }

        if (options.Budget <= TimeSpan.Zero || options.Budget >= TimeSpan.FromMilliseconds(200))
        {
            problems.Add($"Ehi:Processing:Budget is {options.Budget.TotalMilliseconds} ms; it must be positive and below Thredd's 200 ms round trip.");
        }

        if (options.Forward.Timeout <= TimeSpan.Zero)
        {
            problems.Add("Ehi:Processing:Forward:Timeout must be a positive duration such as 00:00:00.120.");
        }

        if (options.Forward.MaxConnections < 1)
        {
            problems.Add($"Ehi:Processing:Forward:MaxConnections is {options.Forward.MaxConnections}; keep at least 1 connection to the decision service.");
        }

        ValidateBreaker(options.Forward.Breaker, problems);

        if (!IsCode(options.Static.ResponseStatus))
        {
            problems.Add($"Ehi:Processing:Static:ResponseStatus '{options.Static.ResponseStatus}' is not a two-character Responsestatus such as 00 or 05.");
        }

        if (options.FallbackResponseStatus is { } fallback && !IsCode(fallback))
        {
            problems.Add($"Ehi:Processing:FallbackResponseStatus '{fallback}' is not a two-character Responsestatus such as 05 or 96.");
        }
    }

    // The limits are Polly's: it refuses smaller windows and throughputs.
    private static void ValidateBreaker(ForwardBreakerOptions breaker, ICollection<string> problems)
    {
        const string Prefix = "Ehi:Processing:Forward:Breaker:";
        if (breaker.FailureRatio is <= 0 or > 1)
        {
            problems.Add($"{Prefix}FailureRatio is {breaker.FailureRatio}; it is the share of failed calls that opens the breaker, above 0 and at most 1 (e.g. 0.5).");
        }

        if (breaker.MinimumThroughput < 2)
        {
            problems.Add($"{Prefix}MinimumThroughput is {breaker.MinimumThroughput}; at least 2 calls must be seen before the breaker can open.");
        }

        if (breaker.SamplingDuration < TimeSpan.FromMilliseconds(500))
        {
            problems.Add($"{Prefix}SamplingDuration is {breaker.SamplingDuration}; use at least 00:00:00.500.");
        }

        if (breaker.BreakDuration < TimeSpan.FromMilliseconds(500))
        {
            problems.Add($"{Prefix}BreakDuration is {breaker.BreakDuration}; the cool-down must be at least 00:00:00.500.");
        }
    }

    private static bool IsCode(string? code) => code is { Length: 2 } && code.All(char.IsAsciiLetterOrDigit);
}
