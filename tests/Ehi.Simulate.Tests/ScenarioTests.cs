using Ehi.Simulate.Scenarios;
using Xunit.Abstractions;

namespace Ehi.Simulate.Tests;

/// <summary>Every scenario passes against ehi serve in each mode it applies to, with the admin API
/// (balances asserted) and without it (answers only, static provider).</summary>
public sealed class ScenarioTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task AllScenarios_WithAdmin_PassInEveryMode(int mode)
    {
        await using var host = await LedgerHost.StartAsync(output, mode);
        using var admin = host.Admin();

        var results = await new ScenarioRunner(host.Target(), admin, mode, seed: 7, runBase: 1_000_000).RunAsync(ScenarioRegistry.All, r => output.WriteLine($"{r.Outcome} {r.Name}: {string.Join("; ", r.Failures)}"), CancellationToken.None);

        Assert.Empty(results.Where(r => r.Outcome == ScenarioResult.Failed).Select(r => $"{r.Name}: {string.Join("; ", r.Failures)}"));
        Assert.Equal(ScenarioRegistry.All.Count(s => s.Modes.Contains(mode)), results.Count(r => r.Outcome == ScenarioResult.Passed));
    }

    [Fact]
    public async Task AllScenarios_WithoutAdmin_AssertAnswersOnly()
    {
        await using var host = await LedgerHost.StartAsync(output, 1, provider: "static");

        var results = await new ScenarioRunner(host.Target(), admin: null, mode: 1, seed: 7, runBase: 2_000_000).RunAsync(ScenarioRegistry.All, r => output.WriteLine($"{r.Outcome} {r.Name}: {string.Join("; ", r.Failures)}"), CancellationToken.None);

        Assert.Empty(results.Where(r => r.Outcome == ScenarioResult.Failed).Select(r => $"{r.Name}: {string.Join("; ", r.Failures)}"));
        Assert.Equal(["decline-insufficient-funds", "partial-approval"], results.Where(r => r.Outcome == ScenarioResult.Skipped).Select(r => r.Name));
    }

    [Fact]
    public async Task Scenario_AgainstAHostThatAnswersWrongly_Fails()
    {
        // The host runs mode 1 but the simulator is told mode 3: the answers do not fit mode 3.
        await using var host = await LedgerHost.StartAsync(output, 1, provider: "static");
        var results = await new ScenarioRunner(host.Target(), admin: null, mode: 3, seed: 7, runBase: 3_000_000).RunAsync([ScenarioRegistry.Find("approve")!], null, CancellationToken.None);

        // Mode 3 expects no Responsestatus, the host sends one: a real failure, reported with its step.
        var result = Assert.Single(results);
        Assert.Equal(ScenarioResult.Failed, result.Outcome);
        Assert.Contains("auth 25.00: mode 3 answers carry no decision, got Responsestatus 00", result.Failures);
    }
}
