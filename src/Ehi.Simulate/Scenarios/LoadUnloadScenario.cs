using Ehi.Simulate.Messages;

namespace Ehi.Simulate.Scenarios;

/// <summary>Thredd's load and unload notifications move the balance.</summary>
internal sealed class LoadUnloadScenario : IScenario
{
    public string Name => "load-and-unload";

    public string Description => "Thredd's load and unload notifications move the balance.";

    public async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        var card = await c.CardAsync(0m, ct);
        await c.ExpectAcknowledgedAsync("load 50.00", c.Messages.Thredd(card, "L", 50m), ct);
        await c.ExpectAcknowledgedAsync("unload 20.00", c.Messages.Thredd(card, "U", -20m), ct);
        await c.ExpectBalancesAsync("after load and unload", card, 30m, 30m, ct);
    }
}
