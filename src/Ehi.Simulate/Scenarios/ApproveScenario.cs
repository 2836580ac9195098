using Ehi.Simulate.Messages;

namespace Ehi.Simulate.Scenarios;

/// <summary>An authorisation on a funded card is approved and held.</summary>
internal sealed class ApproveScenario : IScenario
{
    public string Name => "approve";

    public string Description => "An authorisation on a funded card is approved and held.";

    public async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        var card = await c.CardAsync(100m, ct);
        var l = c.Messages.Start(card);
        await c.ExpectDecisionAsync("auth 25.00", c.Messages.Auth(l, 25m, fee: 0.25m), "00", ct);
        await c.ExpectBalancesAsync("after the auth", card, 100m, 74.75m, ct);
    }
}
