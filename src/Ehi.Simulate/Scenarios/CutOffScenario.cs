namespace Ehi.Simulate.Scenarios;

/// <summary>A Cut-Off over the TXn_IDs this scenario sent, with matching counts, is acknowledged.</summary>
internal sealed class CutOffScenario : IScenario
{
    public string Name => "cut-off";

    public string Description => "A Cut-Off whose counts match what was sent is acknowledged; its repeat gets the same answer.";

    public async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        var card = await c.CardAsync(100m, ct);
        var l = c.Messages.Start(card);
        var auth = c.Messages.Auth(l, 10m);
        await c.SendAsync(auth, ct);
        await c.SendAsync(c.Messages.Presentment(l, 10m), ct);
        var load = c.Messages.Thredd(card, "L", 5m);
        await c.SendAsync(load, ct);
        var cutOff = c.Messages.CutOff(auth.Id, load.Id, auths: 1, financials: 1, loads: 1, adjustments: 0);
        var first = await c.SendAsync(cutOff, ct);
        c.Check("cut-off", first.Status == 200 && first.Text.Contains("1", StringComparison.Ordinal) && !first.Text.Contains("\"0\"", StringComparison.Ordinal), $"answer {first.Text}, expected an acknowledgement");
        var repeat = await c.SendAsync(cutOff, ct);
        c.Check("cut-off repeat", repeat.Text == first.Text, "a repeated Cut-Off must get the identical answer");
    }
}
