namespace Ehi.Simulate.Load;

/// <summary>How to load the endpoint.</summary>
public sealed record LoadOptions
{
    /// <summary>Messages per second across all connections (open loop); 0 sends as fast as answers return (closed loop).</summary>
    public double Rate { get; init; }

    /// <summary>Concurrent connections.</summary>
    public int Connections { get; init; } = 16;

    /// <summary>How long to measure.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to run before measuring (JIT and caches on both sides).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Open a new TLS connection (full handshake) for every message, as Thredd may.</summary>
    public bool NewConnectionPerMessage { get; init; }

    /// <summary>Relative weights of message kinds: auth, reversal, presentment, advice, load.</summary>
    public IReadOnlyDictionary<string, int> Mix { get; init; } = new Dictionary<string, int> { ["auth"] = 100 };

    /// <summary>Cards to spread the load over (0: one card per connection).</summary>
    public int Cards { get; init; }

    /// <summary>The first card token when <see cref="Cards"/> is set.</summary>
    public long FirstCard { get; init; } = 500_000_000;

    /// <summary>Check every answer (200 and Acknowledgement "1"); off for a plain baseline such as a static page.</summary>
    public bool Check { get; init; } = true;

    /// <summary>Seed of amounts, merchants and the card choice.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The kinds the mix may name.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["auth", "reversal", "presentment", "advice", "load"];

    /// <summary>Parses <c>auth=70,reversal=5,presentment=20</c>.</summary>
    public static IReadOnlyDictionary<string, int> ParseMix(string text)
    {
        var mix = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] kv = part.Split('=');
            if (kv.Length != 2 || !Kinds.Contains(kv[0].ToLowerInvariant()) || !int.TryParse(kv[1], out int weight) || weight < 0)
            {
                throw new FormatException($"'{part}' is not KIND=WEIGHT with KIND one of {string.Join(", ", Kinds)}.");
            }

            mix[kv[0].ToLowerInvariant()] = weight;
        }

        return mix.Values.Sum() > 0 ? mix : throw new FormatException("the mix has no positive weight.");
    }
}
