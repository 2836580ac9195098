using Ehi.Simulate.Messages;

namespace Ehi.Simulate.Scenarios;

/// <summary>Thredd's stand-in decision after a deliberately slow answer: the same TXn_ID comes back
/// with Authorised_by_GPS "Y" and Thredd's decision; the host acknowledges and reconciles once.</summary>
internal sealed class StandInScenario : IScenario
{
    public string Name => "stand-in-after-slow-answer";

    public string Description => "Thredd stands in after a late answer: approve-after-approve and decline-after-approve notifications are acknowledged and reconciled once.";

    public IReadOnlyList<int> Modes => [1, 2, 4];

    public async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        var card = await c.CardAsync(100m, ct);

        // The host approved, but (as far as Thredd is concerned) too late: Thredd declined instead.
        var l1 = c.Messages.Start(card);
        var auth1 = c.Messages.Auth(l1, 30m);
        await c.ExpectDecisionAsync("auth 30.00 (answer counted as late)", auth1, "00", ct);
        var declined = auth1.Copy().Set("Authorised_by_GPS", "Y").Set("Txn_Stat_Code", "I").Set("Resp_Code_DE39", "05").Set("SendingAttemptCount", 1);
        var first = await c.ExpectAcknowledgedAsync("Thredd declined instead", declined, ct);
        var repeat = await c.SendAsync(declined.Copy().Set("SendingAttemptCount", 2), ct);
        c.Check("repeat of the notification", repeat.Text == first.Text, "a repeated notification must get the identical answer");
        await c.ExpectBalancesAsync("after Thredd's decline", card, 100m, 100m, ct);

        // A request the host never saw, approved by Thredd's stand-in.
        var l2 = c.Messages.Start(card);
        var unseen = c.Messages.Auth(l2, 10m).Set("Authorised_by_GPS", "Y").Set("Txn_Stat_Code", "A").Set("Response_Source", "VISA-STIP").Set("SendingAttemptCount", 1);
        await c.ExpectAcknowledgedAsync("Thredd approved a request the host never saw", unseen, ct);
        await c.ExpectBalancesAsync("after Thredd's approval", card, 100m, 90m, ct);
    }
}
