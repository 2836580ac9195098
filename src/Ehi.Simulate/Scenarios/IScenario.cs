namespace Ehi.Simulate.Scenarios;

/// <summary>A named conformance scenario: one lifecycle sent to the endpoint, every answer asserted.</summary>
public interface IScenario
{
    /// <summary>The stable name used by <c>ehi simulate run NAME</c>.</summary>
    string Name { get; }

    /// <summary>One line for <c>ehi simulate list</c>.</summary>
    string Description { get; }

    /// <summary>The EHI modes the scenario applies to.</summary>
    IReadOnlyList<int> Modes => [1, 2, 3, 4];

    /// <summary>True when the scenario needs the admin API (it sets balances to force a decision).</summary>
    bool NeedsAdmin => false;

    /// <summary>Runs the scenario; failures are recorded on the context.</summary>
    Task RunAsync(ScenarioContext context, CancellationToken cancellationToken);
}
