using System.Text.Json;
using Ehi.Testing.Postgres;
using Xunit.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary>Post-presentment financial messages sent to a real <c>ehi serve</c> over mTLS are
/// matched to their original financial message by the reference's keys (§7), the match is
/// recorded, and <c>ehi ledger unmatched</c> lists every message that matched nothing with why:
/// on SQLite and on PostgreSQL.</summary>
public sealed class PostPresentmentMatchingTests(ITestOutputHelper output)
{
    private const string Card = "107419774";
    private const string Arn1 = "74000000000000000000001";
    private const string Arn2 = "74000000000000000000002";

    [Fact]
    public async Task Sqlite_PostPresentmentMessagesMatchTheirOriginal_UnmatchedListedWithWhy()
    {
        await using var served = await ServedLedger.StartAsync(output);
        await RunScenarioAsync(served);
    }

    [Fact]
    public async Task Postgres_PostPresentmentMessagesMatchTheirOriginal_UnmatchedListedWithWhy()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        await using var served = await ServedLedger.StartAsync(output, cluster);
        await RunScenarioAsync(served);
    }

    private async Task RunScenarioAsync(ServedLedger served)
    {
        Assert.Equal(0, (await CliRunner.RunAsync("cards", "create", Card, "--currency", "826", "--balance", "500.00", "--admin", served.Admin)).Exit);

        // A purchase: authorisation, presentment, then its chargeback, the chargeback's reversal and a second presentment
        await served.SendAsync(Message("0100", "A", 601, -40.00m, "\"traceid_lifecycle\":\"VIS1-20261101-1\",\"Trans_link\":\"T1\",\"Auth_Code_DE38\":\"123456\",\"Authorised_by_GPS\":\"N\""));
        await served.SendAsync(Message("1240", "P", 602, -40.00m, Keys(Arn1, "T1") + ",\"traceid_lifecycle\":\"VIS1-20261101-1\",\"Matching_Txn_ID\":601"));
        await served.SendAsync(Message("1240", "C", 603, 40.00m, Keys(Arn1, "T1")));
        await served.SendAsync(Message("1240", "K", 604, -40.00m, Keys(Arn1, "T1")));
        await served.SendAsync(Message("1240", "N", 605, -40.00m, Keys(Arn1, "T1")));

        // A presentment without an authorisation, reversed in full; a reversal whose amount differs
        await served.SendAsync(Message("1240", "P", 607, -20.00m, Keys(Arn2, "T2")));
        await served.SendAsync(Message("1240", "E", 608, 20.00m, Keys(Arn2, "T2")));
        await served.SendAsync(Message("1240", "E", 609, 25.00m, Keys(Arn2, "T2")));

        // Chargebacks for an ARN never presented, and without an ARN; the first sent twice (a resend)
        string unknown = Message("1240", "C", 610, 15.00m, Keys("74000000000000000000999", "T9"));
        await served.SendAsync(unknown);
        await served.SendAsync(unknown);
        await served.SendAsync(Message("1240", "C", 611, 15.00m, "\"Trans_link\":\"T9\""));

        // Then each match is recorded with its rule
        await AssertEffectAsync(served, 603, "matches Presentment 602 by ARN + token + auth code + Trans_link");
        await AssertEffectAsync(served, 604, "matches Chargeback 603 by ARN + token + auth code + Trans_link (chargeback)");
        await AssertEffectAsync(served, 605, "matches Presentment 602 by ARN + token + auth code + Trans_link");
        await AssertEffectAsync(served, 608, "matches Presentment 607 by ARN + token + Txn_Amt + Txn_CCy + auth code + DE12 + RRN");

        // And every message that matched nothing is listed once, with why
        var (exit, json, error) = await served.RunOnStoreAsync("ledger", "unmatched", "--json");
        Assert.True(exit == 0, error);
        using var doc = JsonDocument.Parse(json);
        var rows = doc.RootElement.GetProperty("unmatched").EnumerateArray()
            .Select(u => (u.GetProperty("txnId").GetInt64(), u.GetProperty("kind").GetString(), u.GetProperty("reason").GetString()!)).ToList();
        output.WriteLine(json);
        Assert.Equal([607L, 609L, 610L, 611L], rows.Select(r => r.Item1));
        Assert.Equal(("Presentment", "presentment without authorisation"), (rows[0].Item2, rows[0].Item3));
        Assert.Equal("FinancialReversal", rows[1].Item2);
        Assert.StartsWith($"financial reversal: the presentment with ARN {Arn2} (TXn_ID 607) differs in Txn_Amt (20.00 vs 25.00)", rows[1].Item3, StringComparison.Ordinal);
        Assert.Equal($"chargeback: no presentment with ARN 74000000000000000000999 on card {Card}", rows[2].Item3);
        Assert.Equal("chargeback carries no ARN (Acquirer_Reference_Data_031) to match by", rows[3].Item3);
        Assert.All(doc.RootElement.GetProperty("unmatched").EnumerateArray(), u => Assert.True(u.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-10)));

        var text = await served.RunOnStoreAsync("ledger", "unmatched");
        Assert.Contains($"TXn_ID 610 Chargeback token {Card}: chargeback: no presentment with ARN", text.Out, StringComparison.Ordinal);
        Assert.EndsWith("4 unmatched message(s)\n", text.Out, StringComparison.Ordinal);
        var later = await served.RunOnStoreAsync("ledger", "unmatched", "--since", DateTimeOffset.UtcNow.AddHours(1).ToString("O"));
        Assert.EndsWith("0 unmatched message(s)\n", later.Out, StringComparison.Ordinal);
        var bad = await served.RunOnStoreAsync("ledger", "unmatched", "--since", "yesterday-ish");
        Assert.Equal(2, bad.Exit);
        Assert.DoesNotContain("   at ", bad.Err, StringComparison.Ordinal);

        // And the ledger is consistent: 500 - 40 + 40 - 40 - 40 - 20 + 20 + 25 + 15 + 15
        var verify = await CliRunner.RunAsync("ledger", "verify", "--admin", served.Admin);
        Assert.True(verify.Exit == 0, verify.Out);
        var card = await CliRunner.RunAsync("cards", "show", Card, "--json", "--admin", served.Admin);
        using var shown = JsonDocument.Parse(card.Out);
        Assert.Equal(475.00m, shown.RootElement.GetProperty("availableBalance").GetDecimal());
    }

    private static async Task AssertEffectAsync(ServedLedger served, long txn, string expected)
    {
        var (exit, json, error) = await served.RunOnStoreAsync("journal", "show", txn.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        Assert.True(exit == 0, error);
        using var doc = JsonDocument.Parse(json);
        Assert.EndsWith(expected, doc.RootElement.GetProperty("entries")[0].GetProperty("effect").GetString(), StringComparison.Ordinal);
    }

    private static string Keys(string arn, string link) =>
        $"\"Acquirer_Reference_Data_031\":\"{arn}\",\"Trans_link\":\"{link}\",\"Auth_Code_DE38\":\"123456\",\"POS_Time_DE12\":\"101500\",\"Ret_Ref_No_DE37\":\"530512345678\"";

    private static string Message(string mtid, string type, long txn, decimal billAmt, string extra) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{{\"MTID\":\"{mtid}\",\"Txn_Type\":\"{type}\",\"TXn_ID\":{txn},\"Token\":{Card},\"Bill_Amt\":{billAmt:0.00},\"Bill_Ccy\":\"826\",\"Txn_Amt\":{Math.Abs(billAmt):0.00},\"Txn_CCy\":\"826\",\"Proc_Code\":\"000000\",{extra}}}");
}
