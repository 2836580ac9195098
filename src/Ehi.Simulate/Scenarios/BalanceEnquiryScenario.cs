using Ehi.Simulate.Messages;

namespace Ehi.Simulate.Scenarios;

/// <summary>A balance enquiry is answered 00 with CurBalance and AvlBalance.</summary>
internal sealed class BalanceEnquiryScenario : IScenario
{
    public string Name => "balance-enquiry";

    public string Description => "A balance enquiry is answered 00 with CurBalance and AvlBalance.";

    public IReadOnlyList<int> Modes => [1, 2, 4];

    public async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        var card = await c.CardAsync(42.50m, ct);
        var reply = await c.ExpectDecisionAsync("balance enquiry", c.Messages.BalanceEnquiry(c.Messages.Start(card)), "00", ct);
        if (c.TracksBalances)
        {
            c.Check("balance enquiry", reply.Response?.CurBalance == 42.50m && reply.Response?.AvlBalance == 42.50m, $"expected CurBalance and AvlBalance 42.50, got {reply.Text}");
        }
    }
}
