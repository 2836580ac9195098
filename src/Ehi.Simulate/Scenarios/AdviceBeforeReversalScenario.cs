using Ehi.Simulate.Messages;

namespace Ehi.Simulate.Scenarios;

/// <summary>A network STIP advice places the hold; the reversal that follows releases it.</summary>
internal sealed class AdviceBeforeReversalScenario : IScenario
{
    public string Name => "advice-before-reversal";

    public string Description => "A network STIP advice places the hold; the reversal that follows releases it.";

    public async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        var card = await c.CardAsync(100m, ct);
        var l = c.Messages.Start(card);
        await c.ExpectAcknowledgedAsync("approved advice 20.00", c.Messages.Advice(l, 20m, approved: true), ct);
        await c.ExpectBalancesAsync("after the advice", card, 100m, 80m, ct);
        await c.ExpectReversalAsync("reversal 20.00", c.Messages.Reversal(l, 20m), ct);
        await c.ExpectBalancesAsync("after the reversal", card, 100m, 100m, ct);
    }
}
