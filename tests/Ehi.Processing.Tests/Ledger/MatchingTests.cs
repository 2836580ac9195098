using Ehi.Processing.Tests.Storage;
using Xunit.Abstractions;

namespace Ehi.Processing.Tests.Ledger;

/// <summary>The reference's matching rules (§7), one test per rule.</summary>
public abstract class MatchingTests(ITestOutputHelper output, IStoreFactory stores)
{
    private const long C = LedgerFixture.Card;

    [Fact]
    public async Task AutomaticReversal_MatchesByTokenAndTransLink()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);
        await f.SendAsync(Msg.Auth(1, C, 30m, "LC-00001"));

        // Thredd's automatic reversal: no MTID, no lifecycle, the original Trans_link
        Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"00"}""", await f.SendAsync(Msg.Thredd(null, "D", 2, C, 30m).With("Trans_link", "TL-LC-00001")));
        await f.AssertBalancesAsync(100m, 100m, 0m);
    }

    [Fact]
    public async Task Reversal_WithoutLifecycle_MatchesByTransLink()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);
        await f.SendAsync(Msg.Auth(1, C, 30m, "LC-00002"));

        await f.SendAsync(Msg.Reversal(2, C, 30m, "LC-00002").With("traceid_lifecycle", null));
        await f.AssertBalancesAsync(100m, 100m, 0m);
    }

    [Fact]
    public async Task Reversal_WithNeitherLifecycleNorTransLink_MatchesNothing()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);
        await f.SendAsync(Msg.Auth(1, C, 30m, "LC-00003"));

        await f.SendAsync(Msg.Reversal(2, C, 30m, "LC-00003").With("traceid_lifecycle", null).With("Trans_link", null));
        await f.AssertBalancesAsync(100m, 70m, 30m);
    }

    [Fact]
    public async Task Reversal_AuthCode000000_CountsAsBlank()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);
        await f.SendAsync(Msg.Auth(1, C, 30m, "LC-00004"));

        await f.SendAsync(Msg.Reversal(2, C, 30m, "LC-00004").With("Auth_Code_DE38", "000000"));
        await f.AssertBalancesAsync(100m, 100m, 0m);
    }

    [Fact]
    public async Task Presentment_Rule3_AuthCodeTransLinkMatchingTxnId_WithoutLifecycle()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);
        await f.SendAsync(Msg.Auth(1, C, 30m, "LC-00005"));

        await f.SendAsync(Msg.Presentment(2, C, 30m, "LC-00005", matching: 1).With("traceid_lifecycle", null));
        await f.AssertBalancesAsync(70m, 70m, 0m);
    }

    [Fact]
    public async Task Presentment_MatchingTxnIdAlone_FindsTheHold()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);
        await f.SendAsync(Msg.Auth(1, C, 30m, "LC-00006"));

        await f.SendAsync(Msg.Presentment(2, C, 30m, null, matching: 1));
        await f.AssertBalancesAsync(70m, 70m, 0m);
    }

    [Fact]
    public async Task Presentment_OtherCurrency_DoesNotMatch()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);
        await f.SendAsync(Msg.Auth(1, C, 30m, "LC-00007"));

        await f.SendAsync(Msg.Presentment(2, C, 30m, "LC-00007").With("Txn_CCy", "978"));
        await f.AssertBalancesAsync(70m, 40m, 30m);
    }

    [Fact]
    public async Task AuthRepeat0101_OfAnApprovedAuth_IsApprovedWithoutASecondHold()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);
        await f.SendAsync(Msg.Auth(1, C, 30m, "LC-00008"));

        Assert.Contains("\"Responsestatus\":\"00\"", await f.SendAsync(Msg.Auth(2, C, 30m, "LC-00008").With("MTID", "0101")), StringComparison.Ordinal);
        await f.AssertBalancesAsync(100m, 70m, 30m);
    }

    [Fact]
    public async Task TwoLifecyclesOnOneCard_KeepSeparateHolds()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);
        await f.SendAsync(Msg.Auth(1, C, 10m, "LC-00009"));
        await f.SendAsync(Msg.Auth(2, C, 20m, "LC-00010"));

        await f.SendAsync(Msg.Reversal(3, C, 20m, "LC-00010"));
        await f.AssertBalancesAsync(100m, 90m, 10m);
    }
}
