using System.Diagnostics;
using Ehi.Simulate.Admin;
using Ehi.Simulate.Messages;
using Ehi.Simulate.Wire;

namespace Ehi.Simulate.Scenarios;

/// <summary>Runs scenarios one after another against a target and reports each as it ends.</summary>
public sealed class ScenarioRunner(EhiTarget target, AdminApi? admin, int mode, int seed, long runBase)
{
    /// <summary>Runs the scenarios; <paramref name="report"/> is called after each.</summary>
    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(IEnumerable<IScenario> scenarios, Action<ScenarioResult>? report, CancellationToken cancellationToken)
    {
        var results = new List<ScenarioResult>();
        var messages = new MessageFactory(seed, runBase, DateTime.UtcNow.Date);
        foreach (var scenario in scenarios)
        {
            ScenarioResult result;
            if (!scenario.Modes.Contains(mode) || (scenario.NeedsAdmin && admin is null))
            {
                result = new ScenarioResult(scenario.Name, ScenarioResult.Skipped, TimeSpan.Zero, 0,
                    [scenario.NeedsAdmin && admin is null ? "needs --admin to set the balances it decides on" : $"does not apply in mode {mode}"]);
            }
            else
            {
                var clock = Stopwatch.StartNew();
                await using var context = new ScenarioContext(target, messages, admin, mode, soap: false);
                try
                {
                    await scenario.RunAsync(context, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException or System.Security.Authentication.AuthenticationException or System.Net.Sockets.SocketException)
                {
                    context.Check("connection", false, ex.Message);
                }

                result = new ScenarioResult(scenario.Name, context.Failures.Count == 0 ? ScenarioResult.Passed : ScenarioResult.Failed, clock.Elapsed, context.Sent, context.Failures);
            }

            results.Add(result);
            report?.Invoke(result);
        }

        return results;
    }
}
