using System.Security.Cryptography;
using System.Text;
using Ehi.Processing.Ledger;
using Ehi.Processing.Tests.Storage;
using Xunit.Abstractions;

namespace Ehi.Processing.Tests.Ledger;

public abstract class AuthorisationRuleTests(ITestOutputHelper output, IStoreFactory stores)
{
    private const long C = LedgerFixture.Card;

    [Fact]
    public async Task InsufficientFunds_Declines51WithRetryLater()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output, balance: 10m);

        Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"51","MerchantAdvice":"02"}""", await f.SendAsync(Msg.Auth(1, C, 10.01m, "LC-00001")));
        await f.AssertBalancesAsync(10m, 10m, 0m);
    }

    [Fact]
    public async Task UnknownCard_Declines14()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);

        Assert.Contains("\"Responsestatus\":\"14\"", await f.SendAsync(Msg.Auth(1, 999, 1m, "LC-00001")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CardStatuses.Lost, """{"Acknowledgement":"1","Responsestatus":"41","MerchantAdvice":"03"}""")]
    [InlineData(CardStatuses.Stolen, """{"Acknowledgement":"1","Responsestatus":"43","MerchantAdvice":"03"}""")]
    [InlineData(CardStatuses.Closed, """{"Acknowledgement":"1","Responsestatus":"46","MerchantAdvice":"03"}""")]
    [InlineData(CardStatuses.Expired, """{"Acknowledgement":"1","Responsestatus":"54","MerchantAdvice":"03"}""")]
    [InlineData(CardStatuses.Inactive, """{"Acknowledgement":"1","Responsestatus":"78"}""")]
    [InlineData(CardStatuses.Blocked, """{"Acknowledgement":"1","Responsestatus":"62"}""")]
    public async Task CardStatus_DeclinesWithItsCode(string status, string expected)
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);
        await f.Inner.Cards.SetStatusAsync(C, status, CancellationToken.None);

        Assert.Equal(expected, await f.SendAsync(Msg.Auth(1, C, 1m, "LC-00001")));
    }

    [Fact]
    public async Task ThreddCardStatusLost_Declines41()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);

        Assert.Contains("\"Responsestatus\":\"41\"", await f.SendAsync(Msg.Auth(1, C, 1m, "LC-00001").With("Status_Code", "41")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CurrencyMismatch_Declines()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);

        Assert.Contains("\"Responsestatus\":\"05\"", await f.SendAsync(Msg.Auth(1, C, 1m, "LC-00001").With("Bill_Ccy", "978")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("atm", "010000", null, null, "57")]
    [InlineData("cash", "120000", null, null, "57")]
    [InlineData("mcc", "000000", "7995", null, "57")]
    [InlineData("ecom", "000000", null, "01", "57")]
    [InlineData("contactless", "000000", null, "07", "57")]
    public async Task CardRules_DeclineWhatTheyForbid(string name, string proc, string? mcc, string? entry, string code)
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);
        await f.Inner.Cards.SetRulesAsync(C, new CardRules { Atm = false, CashAdvance = false, Ecommerce = false, Contactless = false, BlockedMccs = ["7995"] }, CancellationToken.None);

        string answer = await f.SendAsync(Msg.Auth(1, C, 1m, "LC-00001").With("Proc_Code", proc).With("MCC_Code", mcc).With("POS_Data_DE22", entry is null ? null : entry + "10"));

        Assert.True(answer.Contains($"\"Responsestatus\":\"{code}\"", StringComparison.Ordinal), $"{name}: {answer}");
    }

    [Fact]
    public async Task Limits_SingleDailyAndCount()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output, balance: 1000m);
        await f.Inner.Cards.SetRulesAsync(C, new CardRules { SingleLimit = 100m, DailyLimit = 150m, DailyCount = 3 }, CancellationToken.None);

        Assert.Contains("\"Responsestatus\":\"61\"", await f.SendAsync(Msg.Auth(1, C, 100.01m, "LC-00001")), StringComparison.Ordinal);
        Assert.Contains("\"Responsestatus\":\"00\"", await f.SendAsync(Msg.Auth(2, C, 100m, "LC-00002")), StringComparison.Ordinal);
        Assert.Contains("\"Responsestatus\":\"61\"", await f.SendAsync(Msg.Auth(3, C, 60m, "LC-00003")), StringComparison.Ordinal);
        Assert.Contains("\"Responsestatus\":\"00\"", await f.SendAsync(Msg.Auth(4, C, 10m, "LC-00004")), StringComparison.Ordinal);
        Assert.Contains("\"Responsestatus\":\"00\"", await f.SendAsync(Msg.Auth(5, C, 10m, "LC-00005")), StringComparison.Ordinal);
        Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"65","MerchantAdvice":"02"}""", await f.SendAsync(Msg.Auth(6, C, 1m, "LC-00006")));
    }

    [Fact]
    public async Task PartialApproval_WhenThePosSupportsIt()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output, balance: 30m);

        string answer = await f.SendAsync(Msg.Auth(1, C, 50m, "LC-00001").With("GPS_POS_Capability", "10001001000000000000000100010010001000000001130C0"));

        Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"10","Bill_Amt_Approved":30}""", answer);
        await f.AssertBalancesAsync(30m, 0m, 30m);
    }

    [Fact]
    public async Task NoPartialApproval_WhenThePosCannot()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output, balance: 30m);

        Assert.Contains("\"Responsestatus\":\"51\"", await f.SendAsync(Msg.Auth(1, C, 50m, "LC-00001").With("GPS_POS_Capability", "00001")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mode2_ApproveWithLoad_OnThredd51()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output, balance: 10m, mode: 2, options: new LedgerOptions { ApproveWithLoad = true });

        string answer = await f.SendAsync(Msg.Auth(1, C, 25m, "LC-00001").With("Resp_Code_DE39", "51"));

        Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"0A","LoadAmount":15}""", answer);
        await f.AssertBalancesAsync(25m, 0m, 25m);
    }

    [Fact]
    public async Task Mode2_OtherThreddDeclinesStand()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output, mode: 2);

        Assert.Contains("\"Responsestatus\":\"05\"", await f.SendAsync(Msg.Auth(1, C, 5m, "LC-00001").With("Resp_Code_DE39", "05")), StringComparison.Ordinal);
        await f.AssertBalancesAsync(100m, 100m, 0m);
    }

    [Fact]
    public async Task Mode4_StipBalanceSync_OnlyWithBothSequences()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output, mode: 4);

        string synced = await f.SendAsync(Msg.Auth(1, C, 12.50m, "LC-00001").With("Balance_Sequence", 114).With("Balance_Sequence_Exthost", 200));
        string plain = await f.SendAsync(Msg.Auth(2, C, 1m, "LC-00002").With("Balance_Sequence", 115));

        Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"00","Update_Balance":1,"New_Balance_Sequence_Exthost":201,"CurBalance_GPS_STIP":100,"AvlBalance_GPS_STIP":87.50}""", synced);
        Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"00"}""", plain);
    }

    [Fact]
    public async Task BalanceEnquiry_AnswersBothBalances()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);
        await f.SendAsync(Msg.Auth(1, C, 12.50m, "LC-00001"));

        string answer = await f.SendAsync(Msg.Auth(2, C, 0m, "LC-00002").With("Proc_Code", "300000"));

        Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"00","CurBalance":100,"AvlBalance":87.50}""", answer);
    }

    [Fact]
    public async Task ThreeDSecure_AmountCurrencyAndMerchantMustMatch()
    {
        await using var f = await LedgerFixture.CreateAsync(stores, output);
        string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("CAFE EXAMPLE")));

        Assert.Contains("\"Responsestatus\":\"00\"", await f.SendAsync(Msg.Auth(1, C, 10m, "LC-00001").With("Merch_Name", "CAFE EXAMPLE").With("AuthenticationAmountUpper", 10m).With("AuthenticationCurrency", "826").With("AuthenticationMerchantHash", hash)), StringComparison.Ordinal);
        Assert.Contains("\"Responsestatus\":\"63\"", await f.SendAsync(Msg.Auth(2, C, 10m, "LC-00002").With("AuthenticationAmountUpper", 9.99m)), StringComparison.Ordinal);
        Assert.Contains("\"Responsestatus\":\"63\"", await f.SendAsync(Msg.Auth(3, C, 10m, "LC-00003").With("AuthenticationCurrency", "978")), StringComparison.Ordinal);
        Assert.Contains("\"Responsestatus\":\"63\"", await f.SendAsync(Msg.Auth(4, C, 10m, "LC-00004").With("Merch_Name", "OTHER SHOP").With("AuthenticationMerchantHash", hash)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mode3_WithTheLedger_ReversalsAreStillAnswered00()
    {
        // Found by the simulator's reversal scenarios in mode 3.
        await using var f = await LedgerFixture.CreateAsync(stores, output, mode: 3);

        Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"00"}""", await f.SendAsync(Msg.Reversal(1, C, 5m, "LC-00001")));
        Assert.Equal("""{"Acknowledgement":"1"}""", await f.SendAsync(Msg.Auth(2, C, 5m, "LC-00002")));
    }
}
