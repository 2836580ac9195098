namespace Ehi.Processing.Configuration;

/// <summary>EHI processing settings (section <c>Ehi:Processing</c>).</summary>
public sealed class ProcessingOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Ehi:Processing";

    /// <summary>The default EHI mode (1 gateway, 2 cooperative, 3 full service, 4 gateway with STIP).</summary>
    /// <value>The default value is 1.</value>
    public EhiMode Mode { get; set; } = EhiMode.Gateway;

    /// <summary>Modes per ProductID, overriding <see cref="Mode"/>.</summary>
    /// <value>The default value is empty.</value>
    public Dictionary<string, EhiMode> ProductModes { get; set; } = [];

    /// <summary>The decision provider: <c>ledger</c> (the built-in ledger), <c>static</c> or <c>forward</c>.</summary>
    /// <value>The default value is <see cref="DecisionProviderKind.Static"/>.</value>
    public DecisionProviderKind Provider { get; set; } = DecisionProviderKind.Static;

    /// <summary>True when the built-in ledger decides and keeps balances.</summary>
    public bool UsesLedger => Provider == DecisionProviderKind.Ledger;

    /// <summary>Settings of the static provider.</summary>
    public StaticProviderOptions Static { get; set; } = new();

    /// <summary>Settings of the forward provider.</summary>
    public ForwardProviderOptions Forward { get; set; } = new();

    /// <summary>The host's own time budget per message: past it, the fallback answer is sent
    /// whatever the provider does (Thredd's whole round trip is 200 ms by default).</summary>
    /// <value>The default value is 150 milliseconds.</value>
    public TimeSpan Budget { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Responsestatus sent when no decision could be made in time or the provider failed.</summary>
    /// <value>The default value is <see langword="null"/>: 05 in modes 1 and 2 (decline), 96 in mode 4 (Thredd stands in).</value>
    public string? FallbackResponseStatus { get; set; }

    /// <summary>The fallback Responsestatus for a mode.</summary>
    public string FallbackFor(EhiMode mode) => FallbackResponseStatus ?? (mode == EhiMode.GatewayWithStip ? "96" : "05");

    /// <summary>The mode of a product.</summary>
    public EhiMode ModeFor(long? productId) =>
        productId is { } id && ProductModes.TryGetValue(id.ToString(System.Globalization.CultureInfo.InvariantCulture), out var mode) ? mode : Mode;
}
