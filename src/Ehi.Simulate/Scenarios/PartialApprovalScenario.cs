using Ehi.Simulate.Messages;

namespace Ehi.Simulate.Scenarios;

/// <summary>Short of funds at a POS that supports it, the host approves part (10 with Bill_Amt_Approved).</summary>
internal sealed class PartialApprovalScenario : IScenario
{
    public string Name => "partial-approval";

    public string Description => "Short of funds at a POS that supports it, the host approves part (10 with Bill_Amt_Approved).";

    public bool NeedsAdmin => true;

    public IReadOnlyList<int> Modes => [1, 4];

    public async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        var card = await c.CardAsync(30m, ct);
        var l = c.Messages.Start(card);
        var reply = await c.ExpectDecisionAsync("auth 50.00 on 30.00", c.Messages.Auth(l, 50m).Set("GPS_POS_Capability", "10001001000000000000000100010010001000000001130C0"), "10", ct);
        c.Check("auth 50.00 on 30.00", reply.Response?.BillAmtApproved == 30m, $"expected Bill_Amt_Approved 30.00, got {reply.Text}");
        await c.ExpectBalancesAsync("after the partial approval", card, 30m, 0m, ct);
    }
}
