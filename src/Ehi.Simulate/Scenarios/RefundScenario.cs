using Ehi.Simulate.Messages;

namespace Ehi.Simulate.Scenarios;

/// <summary>A refund is approved as an authorisation and credited only when presented.</summary>
internal sealed class RefundScenario : IScenario
{
    public string Name => "refund";

    public string Description => "A refund is approved as an authorisation and credited only when presented.";

    public async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        var card = await c.CardAsync(50m, ct);
        var l = c.Messages.Start(card);
        await c.ExpectDecisionAsync("refund auth 15.00", c.Messages.RefundAuth(l, 15m), "00", ct);
        await c.ExpectBalancesAsync("after the refund auth", card, 50m, 50m, ct);
        await c.ExpectAcknowledgedAsync("refund presentment 15.00", c.Messages.RefundPresentment(l, 15m), ct);
        await c.ExpectBalancesAsync("after the refund presentment", card, 65m, 65m, ct);
    }
}
