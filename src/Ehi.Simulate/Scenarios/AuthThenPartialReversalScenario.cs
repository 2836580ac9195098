using Ehi.Simulate.Messages;

namespace Ehi.Simulate.Scenarios;

/// <summary>A partial reversal releases its amount; the presentment settles the rest.</summary>
internal sealed class AuthThenPartialReversalScenario : IScenario
{
    public string Name => "auth-then-partial-reversal";

    public string Description => "A partial reversal releases its amount; the presentment settles the rest.";

    public async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        var card = await c.CardAsync(100m, ct);
        var l = c.Messages.Start(card);
        await c.ExpectDecisionAsync("auth 50.00", c.Messages.Auth(l, 50m), "00", ct);
        await c.ExpectReversalAsync("partial reversal 20.00", c.Messages.Reversal(l, 20m), ct);
        await c.ExpectBalancesAsync("after the partial reversal", card, 100m, 70m, ct);
        await c.ExpectAcknowledgedAsync("presentment 30.00", c.Messages.Presentment(l, 30m), ct);
        await c.ExpectBalancesAsync("after the presentment", card, 70m, 70m, ct);
    }
}
