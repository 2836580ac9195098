namespace Ehi.Processing.Configuration;

/// <summary>The static provider: the same decision for every request (mode 3, demos, tests).</summary>
public sealed class StaticProviderOptions
{
    /// <summary>The Responsestatus to answer.</summary>
    /// <value>The default value is <c>00</c> (approve).</value>
    public string ResponseStatus { get; set; } = "00";

    /// <summary>The balance reported to balance enquiries, if any.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public decimal? Balance { get; set; }
}
