namespace Ehi.Processing.Tests;

/// <summary>Tests that assert a deadline run alone, so other tests' load cannot starve them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "timing";
}
