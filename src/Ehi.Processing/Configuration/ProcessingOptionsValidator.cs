namespace Ehi.Processing.Configuration;

/// <summary>Checks processing settings; every problem is one sentence naming the setting.</summary>
public static class ProcessingOptionsValidator
{
    private static readonly HashSet<string> Providers = new(StringComparer.OrdinalIgnoreCase) { "static", "forward", "ledger" };

    /// <summary>Adds a sentence per problem.</summary>
    public static void Validate(ProcessingOptions options, ICollection<string> problems)
    {
        if (options.Mode is < 1 or > 4)
        {
            problems.Add($"Ehi:Processing:Mode is {options.Mode}; EHI modes are 1, 2, 3 and 4 (--mode).");
        }

        foreach (var (product, mode) in options.ProductModes)
        {
            if (!long.TryParse(product, out _) || mode is < 1 or > 4)
            {
                problems.Add($"Ehi:Processing:ProductModes:{product} = {mode}; keys are ProductIDs and values modes 1 to 4.");
            }
        }

        if (!Providers.Contains(options.Provider))
        {
            problems.Add($"Ehi:Processing:Provider '{options.Provider}' is unknown; use ledger, static or forward (--provider).");
        }

        if (options.Provider.Equals("forward", StringComparison.OrdinalIgnoreCase)
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

        if (!IsCode(options.Static.ResponseStatus))
        {
            problems.Add($"Ehi:Processing:Static:ResponseStatus '{options.Static.ResponseStatus}' is not a two-character Responsestatus such as 00 or 05.");
        }

        if (options.FallbackResponseStatus is { } fallback && !IsCode(fallback))
        {
            problems.Add($"Ehi:Processing:FallbackResponseStatus '{fallback}' is not a two-character Responsestatus such as 05 or 96.");
        }
    }

    private static bool IsCode(string? code) => code is { Length: 2 } && code.All(char.IsAsciiLetterOrDigit);
}
