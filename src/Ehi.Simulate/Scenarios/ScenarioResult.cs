namespace Ehi.Simulate.Scenarios;

/// <summary>How one scenario ended.</summary>
/// <param name="Name">The scenario.</param>
/// <param name="Outcome">passed, failed or skipped.</param>
/// <param name="Duration">How long it took.</param>
/// <param name="Messages">How many messages it sent.</param>
/// <param name="Failures">Each failed assertion, with its step.</param>
public sealed record ScenarioResult(string Name, string Outcome, TimeSpan Duration, int Messages, IReadOnlyList<string> Failures)
{
    /// <summary>Passed.</summary>
    public const string Passed = "passed";

    /// <summary>Failed.</summary>
    public const string Failed = "failed";

    /// <summary>Not applicable here (mode, or no admin API).</summary>
    public const string Skipped = "skipped";
}
