using Ehi.Simulate.Messages;

namespace Ehi.Simulate.Scenarios;

/// <summary>A chargeback credits the card; its reversal debits it again.</summary>
internal sealed class ChargebackScenario : IScenario
{
    public string Name => "chargeback-and-reversal";

    public string Description => "A chargeback credits the card; its reversal debits it again.";

    public async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        var card = await c.CardAsync(100m, ct);
        var l = c.Messages.Start(card, Network.Mastercard);
        await c.ExpectAcknowledgedAsync("presentment 30.00", c.Messages.Presentment(l, 30m), ct);
        await c.ExpectAcknowledgedAsync("chargeback 30.00", c.Messages.Financial(l, "C", 30m), ct);
        await c.ExpectBalancesAsync("after the chargeback", card, 100m, 100m, ct);
        await c.ExpectAcknowledgedAsync("chargeback reversal 30.00", c.Messages.Financial(l, "K", -30m), ct);
        await c.ExpectBalancesAsync("after the chargeback reversal", card, 70m, 70m, ct);
    }
}
