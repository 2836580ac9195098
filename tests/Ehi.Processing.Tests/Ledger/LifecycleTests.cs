using Ehi.Processing.Tests.Storage;
using Xunit.Abstractions;

namespace Ehi.Processing.Tests.Ledger;

/// <summary>The reference's lifecycles (§6) through the processor with the built-in ledger,
/// balances asserted after each message (actual, available, blocked) and invariants after each.</summary>
public abstract class LifecycleTests(ITestOutputHelper output, IStoreFactory stores)
{
    private const long C = LedgerFixture.Card;

    [Fact]
    public async Task AuthThenPresentment_HoldThenSettle()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);

        Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"00"}""", await f.SendAsync(Msg.Auth(1, C, 12.50m, "LC-00001").With("Fee_Fixed", 0.25m)));
        await f.AssertBalancesAsync(100m, 87.25m, 12.75m);

        Assert.Equal("""{"Acknowledgement":"1"}""", await f.SendAsync(Msg.Presentment(2, C, 12.50m, "LC-00001", matching: 1)));
        await f.AssertBalancesAsync(87.50m, 87.50m, 0m);
    }

    [Fact]
    public async Task AuthThenFullReversal_ReleasesEverything()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);
        await f.SendAsync(Msg.Auth(1, C, 30m, "LC-00002").With("Fee_Fixed", 0.50m));

        Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"00"}""", await f.SendAsync(Msg.Reversal(2, C, 30m, "LC-00002")));
        await f.AssertBalancesAsync(100m, 100m, 0m);
    }

    [Fact]
    public async Task AuthThenPartialReversal_ReleasesThePart_ThenPresentmentSettlesTheRest()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);
        await f.SendAsync(Msg.Auth(1, C, 50m, "LC-00003"));

        await f.SendAsync(Msg.Reversal(2, C, 20m, "LC-00003"));
        await f.AssertBalancesAsync(100m, 70m, 30m);

        await f.SendAsync(Msg.Presentment(3, C, 30m, "LC-00003"));
        await f.AssertBalancesAsync(70m, 70m, 0m);
    }

    [Fact]
    public async Task IncrementalAuthsThenFinalPresentment()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);
        await f.SendAsync(Msg.Auth(1, C, 20m, "LC-00004").With("auth_type", "P"));
        await f.SendAsync(Msg.Auth(2, C, 15m, "LC-00004").With("auth_type", "P"));
        await f.AssertBalancesAsync(100m, 65m, 35m);

        // auth_type F re-bases the hold to the final amount
        await f.SendAsync(Msg.Auth(3, C, 40m, "LC-00004").With("auth_type", "F"));
        await f.AssertBalancesAsync(100m, 60m, 40m);

        await f.SendAsync(Msg.Presentment(4, C, 40m, "LC-00004"));
        await f.AssertBalancesAsync(60m, 60m, 0m);
    }

    [Fact]
    public async Task AdviceBeforeReversal_AdviceSetsTheHold_ReversalReleasesIt()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);

        await f.SendAsync(Msg.Advice(1, C, 25m, "LC-00005", "00"));
        await f.AssertBalancesAsync(100m, 75m, 25m);

        await f.SendAsync(Msg.Reversal(2, C, 25m, "LC-00005"));
        await f.AssertBalancesAsync(100m, 100m, 0m);
    }

    [Fact]
    public async Task ReversalBeforeAdvice_ReversalIsKeptUnmatched_NeverReleasesMoreThanHeld()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);

        Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"00"}""", await f.SendAsync(Msg.Reversal(1, C, 25m, "LC-00006")));
        await f.AssertBalancesAsync(100m, 100m, 0m);

        await f.SendAsync(Msg.Advice(2, C, 25m, "LC-00006", "00"));
        await f.AssertBalancesAsync(100m, 75m, 25m);
    }

    [Fact]
    public async Task DeclinedAdvice_RemovesTheHold()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);
        await f.SendAsync(Msg.Auth(1, C, 10m, "LC-00007"));

        await f.SendAsync(Msg.Advice(2, C, 10m, "LC-00007", "05"));
        await f.AssertBalancesAsync(100m, 100m, 0m);
    }

    [Fact]
    public async Task PresentmentWithoutAuth_DebitsAndIsKeptForReconciliation()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);

        await f.SendAsync(Msg.Presentment(1, C, 8m, null));
        await f.AssertBalancesAsync(92m, 92m, 0m);
    }

    [Fact]
    public async Task PresentmentExceedingTheHold_DebitsTheExcessFromAvailable()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);
        await f.SendAsync(Msg.Auth(1, C, 40m, "LC-00008"));

        await f.SendAsync(Msg.Presentment(2, C, 46m, "LC-00008"));
        await f.AssertBalancesAsync(54m, 54m, 0m);
    }

    [Fact]
    public async Task MultiPartPresentments_ReleaseEachPart_FinalReleasesTheRest()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);
        await f.SendAsync(Msg.Auth(1, C, 60m, "LC-00009"));

        await f.SendAsync(Msg.Presentment(2, C, 20m, "LC-00009").With("multi_part_txn", 1).With("multi_part_txn_final", 0));
        await f.AssertBalancesAsync(80m, 40m, 40m);

        await f.SendAsync(Msg.Presentment(3, C, 25m, "LC-00009").With("multi_part_txn", 1).With("multi_part_txn_final", 1));
        await f.AssertBalancesAsync(55m, 55m, 0m);
    }

    [Fact]
    public async Task RefundAuthThenRefundPresentment_CreditedOnlyOnTheFinancial()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);

        Assert.Contains("\"Responsestatus\":\"00\"", await f.SendAsync(Msg.Refund(1, C, 15m, "LC-00010", presentment: false)), StringComparison.Ordinal);
        await f.AssertBalancesAsync(100m, 100m, 0m);

        await f.SendAsync(Msg.Refund(2, C, 15m, "LC-00010", presentment: true));
        await f.AssertBalancesAsync(115m, 115m, 0m);
    }

    [Fact]
    public async Task ChargebackAndItsReversal()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);
        await f.SendAsync(Msg.Presentment(1, C, 30m, null));

        await f.SendAsync(Msg.Financial("C", 2, C, 30m));
        await f.AssertBalancesAsync(100m, 100m, 0m);

        await f.SendAsync(Msg.Financial("H", 3, C, 0m));
        await f.AssertBalancesAsync(100m, 100m, 0m);

        await f.SendAsync(Msg.Financial("K", 4, C, -30m));
        await f.AssertBalancesAsync(70m, 70m, 0m);
    }

    [Fact]
    public async Task LoadUnloadAdjustmentFeeSecondPresentmentFinancialReversal()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);

        await f.SendAsync(Msg.Thredd(null, "L", 1, C, 50m).With("Proc_Code", "220000"));
        await f.AssertBalancesAsync(150m, 150m, 0m);
        await f.SendAsync(Msg.Thredd(null, "U", 2, C, -20m).With("Proc_Code", "230000"));
        await f.AssertBalancesAsync(130m, 130m, 0m);
        await f.SendAsync(Msg.Thredd(null, "B", 3, C, -5m));
        await f.AssertBalancesAsync(125m, 125m, 0m);
        await f.SendAsync(Msg.Thredd(null, "P", 4, C, 0m).With("Proc_Code", "083999").With("Fee_Fixed", 1.50m));
        await f.AssertBalancesAsync(123.50m, 123.50m, 0m);
        await f.SendAsync(Msg.Financial("N", 5, C, -10m));
        await f.AssertBalancesAsync(113.50m, 113.50m, 0m);
        await f.SendAsync(Msg.Financial("E", 6, C, 10m));
        await f.AssertBalancesAsync(123.50m, 123.50m, 0m);
    }

    [Theory]
    [InlineData("00", "A", 100, 90, 10)] // we approved, Thredd approved: the hold stays
    [InlineData("00", "I", 100, 100, 0)] // we approved, Thredd declined: undo
    [InlineData("51", "A", 100, 90, 10)] // we declined, Thredd approved: apply
    [InlineData("51", "I", 100, 100, 0)] // we declined, Thredd declined: nothing
    [InlineData(null, "A", 100, 90, 10)] // never seen, Thredd approved: apply
    [InlineData(null, "I", 100, 100, 0)] // never seen, Thredd declined: nothing
    public async Task ThreddStandIn_ReconciledOnce(string? ours, string thredd, decimal actual, decimal available, decimal blocked)
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output, balance: ours == "51" ? 5m : 100m);
        if (ours == "51")
        {
            // Decline for lack of funds, then top up so the balances compare like the others.
            Assert.Contains("\"Responsestatus\":\"51\"", await f.SendAsync(Msg.Auth(1, C, 10m, "LC-00011")), StringComparison.Ordinal);
            await f.Inner.Cards.MoveAsync(C, 95m, CancellationToken.None);
        }
        else if (ours == "00")
        {
            await f.SendAsync(Msg.Auth(1, C, 10m, "LC-00011"));
        }

        var notification = Msg.Auth(1, C, 10m, "LC-00011").With("Authorised_by_GPS", "Y").With("Txn_Stat_Code", thredd).With("SendingAttemptCount", 1);
        Assert.Equal("""{"Acknowledgement":"1"}""", await f.SendAsync(notification));
        await f.SendAsync(notification.With("SendingAttemptCount", 2)); // its repeat changes nothing
        await f.AssertBalancesAsync(actual, available, blocked);
    }

    [Fact]
    public async Task Duplicates_OfEveryKind_AreAppliedOnce()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);
        Msg[] lifecycle =
        [
            Msg.Auth(1, C, 20m, "LC-00012"),
            Msg.Auth(2, C, 5m, "LC-00012").With("auth_type", "P"),
            Msg.Reversal(3, C, 5m, "LC-00012"),
            Msg.Presentment(4, C, 20m, "LC-00012"),
            Msg.Thredd(null, "L", 5, C, 10m),
            Msg.Financial("C", 6, C, 3m),
        ];
        foreach (var message in lifecycle)
        {
            string first = await f.SendAsync(message);
            Assert.Equal(first, await f.SendAsync(message.With("SendingAttemptCount", 1)));
        }

        await f.AssertBalancesAsync(93m, 93m, 0m);
    }
}
