using Ehi.Processing.Reconciliation;
using Ehi.Processing.Tests.Storage;
using Xunit.Abstractions;

namespace Ehi.Processing.Tests;

public abstract class ReconciliationTests(ITestOutputHelper output, IStoreFactory stores)
{
    // (what we answered: "00", "05" or null for never seen; Thredd's Txn_Stat_Code; expected action)
    [Theory]
    [InlineData("00", "A", ReconciliationAction.NothingBothApproved)]
    [InlineData("00", "I", ReconciliationAction.ReverseOurApproval)]
    [InlineData("05", "A", ReconciliationAction.ApplyThreddApproval)]
    [InlineData("05", "I", ReconciliationAction.NothingBothDeclined)]
    [InlineData(null, "A", ReconciliationAction.ApplyUnseenApproval)]
    [InlineData(null, "I", ReconciliationAction.NothingUnseenDecline)]
    public async Task ThreddDecisionNotification_IsReconciledOnce_AndItsRepeatsReplayed(string? ours, string thredd, ReconciliationAction expected)
    {
        // Given our answer to the request (or none)
        await using var fixture = new ProcessorFixture(stores, output, configure: o => o.Static.ResponseStatus = ours ?? "00");
        if (ours is not null)
        {
            await fixture.SendAsync(Messages.Auth(1001));
        }

        // When Thredd's decision comes back for the same TXn_ID, twice
        var notification = await fixture.SendAsync(Messages.Auth(1001, attempt: 1, byGps: "Y", stat: thredd));
        var repeat = await fixture.SendAsync(Messages.Auth(1001, attempt: 2, byGps: "Y", stat: thredd));

        // Then it is acknowledged, reconciled once, and the repeat replays the same bytes
        Assert.Equal("""{"Acknowledgement":"1"}""", notification.Body);
        Assert.Equal(notification, repeat);
        var entries = await fixture.EntriesAsync(1001);
        var reconciled = Assert.Single(entries, e => e.Key.ThreddDecision);
        Assert.Equal(expected.ToString(), reconciled.Reconciliation);
        Assert.Equal(ours is null ? 1 : 2, entries.Count);
    }
}
