using Ehi.Simulate.Messages;

namespace Ehi.Simulate.Scenarios;

/// <summary>A presentment with no authorisation is debited and acknowledged.</summary>
internal sealed class PresentmentWithoutAuthScenario : IScenario
{
    public string Name => "presentment-without-auth";

    public string Description => "A presentment with no authorisation is debited and acknowledged.";

    public async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        var card = await c.CardAsync(100m, ct);
        var l = c.Messages.Start(card);
        await c.ExpectAcknowledgedAsync("offline presentment 12.00", c.Messages.Presentment(l, 12m), ct);
        await c.ExpectBalancesAsync("after the presentment", card, 88m, 88m, ct);
    }
}
