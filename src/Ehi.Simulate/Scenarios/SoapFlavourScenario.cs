namespace Ehi.Simulate.Scenarios;

/// <summary>The same lifecycle in SOAP 1.1: answers come back in XML with the same meaning.</summary>
internal sealed class SoapFlavourScenario : IScenario
{
    public string Name => "soap-flavour";

    public string Description => "An authorisation, a reversal and a presentment sent as SOAP 1.1 get the same answers in XML.";

    public async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        var card = await c.CardAsync(100m, ct);
        var l = c.Messages.Start(card);
        c.Soap = true;
        var reply = await c.ExpectDecisionAsync("SOAP auth 20.00", c.Messages.Auth(l, 20m), "00", ct);
        c.Check("SOAP auth 20.00", reply.ContentType.Contains("xml", StringComparison.OrdinalIgnoreCase), $"content type {reply.ContentType}, expected XML");
        await c.ExpectReversalAsync("SOAP reversal 5.00", c.Messages.Reversal(l, 5m), ct);
        await c.ExpectAcknowledgedAsync("SOAP presentment 15.00", c.Messages.Presentment(l, 15m), ct);
        c.Soap = false;
        await c.ExpectBalancesAsync("after the SOAP lifecycle", card, 85m, 85m, ct);
    }
}
