using Ehi.Simulate.Messages;

namespace Ehi.Simulate.Scenarios;

/// <summary>An approved authorisation reversed in full releases the whole hold.</summary>
internal sealed class AuthThenFullReversalScenario : IScenario
{
    public string Name => "auth-then-full-reversal";

    public string Description => "An approved authorisation reversed in full releases the whole hold.";

    public async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        var card = await c.CardAsync(100m, ct);
        var l = c.Messages.Start(card);
        await c.ExpectDecisionAsync("auth 30.00", c.Messages.Auth(l, 30m, fee: 0.50m), "00", ct);
        await c.ExpectReversalAsync("reversal 30.00", c.Messages.Reversal(l, 30m), ct);
        await c.ExpectBalancesAsync("after the reversal", card, 100m, 100m, ct);
    }
}
