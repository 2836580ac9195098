using System.Text;

namespace Ehi.Simulate.Scenarios;

/// <summary>Bodies the host must refuse with 400 (and a problem document), never 200.</summary>
internal sealed class MalformedBodiesScenario : IScenario
{
    public string Name => "malformed-bodies";

    public string Description => "Not JSON, no TXn_ID, a field of the wrong type and an over-size body are refused with 400.";

    public async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        (string Step, string Body)[] cases =
        [
            ("not JSON", "this is not json"),
            ("no TXn_ID", """{"MTID":"0100","Txn_Type":"A","Token":107419774}"""),
            ("TXn_ID as text", """{"MTID":"0100","Txn_Type":"A","TXn_ID":"abc"}"""),
            ("Bill_Amt as text", """{"MTID":"0100","Txn_Type":"A","TXn_ID":1,"Bill_Amt":"ten"}"""),
            ("over 64 KiB", "{\"TXn_ID\":1,\"Note\":\"" + new string('x', 70_000) + "\"}"),
        ];
        foreach (var (step, body) in cases)
        {
            var reply = await c.SendRawAsync(Encoding.UTF8.GetBytes(body), "application/json", ct);
            c.Check(step, reply.Status == 400, $"HTTP {reply.Status}, expected 400");
            c.Check(step, reply.ContentType.StartsWith("application/problem+json", StringComparison.Ordinal), $"content type {reply.ContentType}, expected application/problem+json");
        }
    }
}
