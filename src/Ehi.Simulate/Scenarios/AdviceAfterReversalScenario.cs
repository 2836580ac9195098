using Ehi.Simulate.Messages;

namespace Ehi.Simulate.Scenarios;

/// <summary>A reversal that arrives before its advice releases nothing it does not hold.</summary>
internal sealed class AdviceAfterReversalScenario : IScenario
{
    public string Name => "advice-after-reversal";

    public string Description => "A reversal that arrives before its advice releases nothing it does not hold.";

    public async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        var card = await c.CardAsync(100m, ct);
        var l = c.Messages.Start(card);
        await c.ExpectReversalAsync("early reversal 20.00", c.Messages.Reversal(l, 20m), ct);
        await c.ExpectBalancesAsync("after the reversal", card, 100m, 100m, ct);
        await c.ExpectAcknowledgedAsync("declined advice 20.00", c.Messages.Advice(l, 20m, approved: false), ct);
        await c.ExpectBalancesAsync("after the advice", card, 100m, 100m, ct);
    }
}
