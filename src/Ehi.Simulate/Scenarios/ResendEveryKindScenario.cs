using Ehi.Simulate.Messages;

namespace Ehi.Simulate.Scenarios;

/// <summary>Every message kind resent with SendingAttemptCount 1 to 5 gets the identical answer and changes nothing.</summary>
internal sealed class ResendEveryKindScenario : IScenario
{
    public string Name => "resend-every-kind";

    public string Description => "Every message kind resent with SendingAttemptCount 1..5 gets the identical answer and changes nothing.";

    public async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        var card = await c.CardAsync(100m, ct);
        var l = c.Messages.Start(card);
        var auth = c.Messages.Auth(l, 20m);
        SimMessage[] lifecycle =
        [
            auth,
            c.Messages.Auth(l, 5m, authType: "P"),
            c.Messages.Reversal(l, 5m),
            c.Messages.Advice(c.Messages.Start(card), 3m, approved: true),
            c.Messages.Presentment(l, 20m, auth.Id),
            c.Messages.Thredd(card, "L", 10m),
            c.Messages.Financial(l, "C", 2m),
        ];
        foreach (var message in lifecycle)
        {
            var first = await c.SendAsync(message, ct);
            for (int attempt = 1; attempt <= 5; attempt++)
            {
                var again = await c.SendAsync(message.Copy().Set("SendingAttemptCount", attempt), ct);
                c.Check($"TXn_ID {message.Id} resend {attempt}", again.Text == first.Text, $"answer {again.Text} differs from the first {first.Text}");
            }
        }

        await c.ExpectBalancesAsync("after the resends", card, 92m, 89m, ct);
    }
}
