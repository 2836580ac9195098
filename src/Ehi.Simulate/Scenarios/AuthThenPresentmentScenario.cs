using Ehi.Simulate.Messages;

namespace Ehi.Simulate.Scenarios;

/// <summary>An approved authorisation is presented: the hold becomes a debit.</summary>
internal sealed class AuthThenPresentmentScenario : IScenario
{
    public string Name => "auth-then-presentment";

    public string Description => "An approved authorisation is presented: the hold becomes a debit.";

    public async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        var card = await c.CardAsync(100m, ct);
        var l = c.Messages.Start(card);
        var auth = c.Messages.Auth(l, 40m);
        await c.ExpectDecisionAsync("auth 40.00", auth, "00", ct);
        await c.ExpectAcknowledgedAsync("presentment 40.00", c.Messages.Presentment(l, 40m, auth.Id), ct);
        await c.ExpectBalancesAsync("after the presentment", card, 60m, 60m, ct);
    }
}
