using Ehi.Simulate.Messages;

namespace Ehi.Simulate.Scenarios;

/// <summary>Multi-part clearing releases each part until the final one.</summary>
internal sealed class MultiPartPresentmentScenario : IScenario
{
    public string Name => "multi-part-presentment";

    public string Description => "Multi-part clearing releases each part until the final one.";

    public async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        var card = await c.CardAsync(100m, ct);
        var l = c.Messages.Start(card, Network.Mastercard);
        await c.ExpectDecisionAsync("auth 60.00", c.Messages.Auth(l, 60m), "00", ct);
        await c.ExpectAcknowledgedAsync("part 1 of 2, 20.00", c.Messages.Presentment(l, 20m).Set("multi_part_txn", 1).Set("multi_part_txn_final", 0), ct);
        await c.ExpectBalancesAsync("after part 1", card, 80m, 40m, ct);
        await c.ExpectAcknowledgedAsync("part 2 of 2, 30.00", c.Messages.Presentment(l, 30m).Set("multi_part_txn", 1).Set("multi_part_txn_final", 1), ct);
        await c.ExpectBalancesAsync("after the final part", card, 50m, 50m, ct);
    }
}
