using Ehi.Simulate.Messages;

namespace Ehi.Simulate.Scenarios;

/// <summary>Incremental authorisations add to the hold; the final presentment settles it.</summary>
internal sealed class IncrementalAuthsScenario : IScenario
{
    public string Name => "incremental-auths-then-final-presentment";

    public string Description => "Incremental authorisations add to the hold; the final presentment settles it.";

    public async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        var card = await c.CardAsync(200m, ct);
        var l = c.Messages.Start(card);
        await c.ExpectDecisionAsync("auth 60.00", c.Messages.Auth(l, 60m, authType: "P"), "00", ct);
        await c.ExpectDecisionAsync("incremental 25.00", c.Messages.Auth(l, 25m, authType: "P").Set("Message_Why", 56), "00", ct);
        await c.ExpectBalancesAsync("after the increment", card, 200m, 115m, ct);
        await c.ExpectAcknowledgedAsync("final presentment 85.00", c.Messages.Presentment(l, 85m), ct);
        await c.ExpectBalancesAsync("after the presentment", card, 115m, 115m, ct);
    }
}
