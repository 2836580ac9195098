using Ehi.Simulate.Messages;

namespace Ehi.Simulate.Scenarios;

/// <summary>An authorisation above the available balance is declined with 51 and holds nothing.</summary>
internal sealed class DeclineInsufficientFundsScenario : IScenario
{
    public string Name => "decline-insufficient-funds";

    public string Description => "An authorisation above the available balance is declined with 51 and holds nothing.";

    public bool NeedsAdmin => true;

    public IReadOnlyList<int> Modes => [1, 4];

    public async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        var card = await c.CardAsync(10m, ct);
        var l = c.Messages.Start(card);
        var reply = await c.ExpectDecisionAsync("auth 10.01 on 10.00", c.Messages.Auth(l, 10.01m), "51", ct);
        c.Check("auth 10.01 on 10.00", reply.Response?.MerchantAdvice == "02", "MerchantAdvice should be 02 (retry later)");
        await c.ExpectBalancesAsync("after the decline", card, 10m, 10m, ct);
    }
}
