using System.Text.Json;
using Ehi.Testing.Postgres;
using Xunit.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary>TXn_ID conflicts as an operator meets them: a served host over real mTLS gets a repeat
/// of a TXn_ID with another amount, answers it with the first answer byte for byte, and
/// <c>ehi journal conflicts</c> lists it with both amounts; a plain resend is not listed.</summary>
public sealed class TxnConflictCliTests(ITestOutputHelper output)
{
    private const string First = """{"MTID":"0100","Txn_Type":"A","TXn_ID":6155805913,"Token":107419774,"Proc_Code":"000000","Bill_Amt":-12.50,"Bill_Ccy":"826","Txn_Amt":12.50,"Txn_CCy":"826","Authorised_by_GPS":"N","SendingAttemptCount":0}""";

    [Fact]
    public async Task Sqlite_RepeatWithAnotherAmount_AnsweredTheSame_AndListed() => await RunAsync(null);

    [Fact]
    public async Task Postgres_RepeatWithAnotherAmount_AnsweredTheSame_AndListed()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        await RunAsync(cluster);
    }

    [Fact]
    public async Task BadLimit_IsAUsageError()
    {
        var (exit, _, err) = await CliRunner.RunAsync("journal", "conflicts", "--limit", "0");

        Assert.Equal(2, exit);
        Assert.Contains("0 is not a positive number", err, StringComparison.Ordinal);
    }

    private async Task RunAsync(PostgresCluster? cluster)
    {
        await using var served = await ServedLedger.StartAsync(output, cluster);

        // A message, then Thredd's plain resend (only SendingAttemptCount changes)
        string first = await served.SendAsync(First);
        string resend = await served.SendAsync(First.Replace("\"SendingAttemptCount\":0", "\"SendingAttemptCount\":1", StringComparison.Ordinal));
        var (noneExit, none, _) = await served.RunOnStoreAsync("journal", "conflicts");
        Assert.Equal(first, resend);
        Assert.Equal(0, noneExit);
        Assert.Contains("0 conflict(s)", none, StringComparison.Ordinal);

        // When the same TXn_ID comes again with another amount
        string repeat = await served.SendAsync(First.Replace("\"Bill_Amt\":-12.50", "\"Bill_Amt\":-950.00", StringComparison.Ordinal).Replace("\"SendingAttemptCount\":0", "\"SendingAttemptCount\":2", StringComparison.Ordinal));

        // Then it gets the first answer, byte for byte, and the conflict is listed with both amounts
        Assert.Equal(first, repeat);
        var (exit, json, err) = await served.RunOnStoreAsync("journal", "conflicts", "--json");
        output.WriteLine(json + err);
        Assert.Equal(1, exit);
        using var document = JsonDocument.Parse(json);
        var conflict = Assert.Single(document.RootElement.GetProperty("conflicts").EnumerateArray());
        Assert.Equal(6155805913, conflict.GetProperty("txnId").GetInt64());
        Assert.Equal("Json", conflict.GetProperty("flavour").GetString());
        Assert.Equal(2, conflict.GetProperty("sendingAttempt").GetInt32());
        Assert.Equal(64, conflict.GetProperty("bodySha256").GetString()!.Length);
        var difference = Assert.Single(conflict.GetProperty("differences").EnumerateArray());
        Assert.Equal("Bill_Amt", difference.GetProperty("field").GetString());
        Assert.Equal("-12.50", difference.GetProperty("journalled").GetString());
        Assert.Equal("-950.00", difference.GetProperty("repeat").GetString());
        Assert.Contains(served.Host.Logs, l => l.Contains("TXn_ID conflict on", StringComparison.Ordinal));

        // --since after it lists nothing; the text form names both amounts
        var (laterExit, later, _) = await served.RunOnStoreAsync("journal", "conflicts", "--since", DateTimeOffset.UtcNow.AddMinutes(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, laterExit);
        Assert.Contains("0 conflict(s)", later, StringComparison.Ordinal);
        var (_, text, _) = await served.RunOnStoreAsync("journal", "conflicts");
        Assert.Contains("Bill_Amt -12.50 -> -950.00", text, StringComparison.Ordinal);
    }
}
