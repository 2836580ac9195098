using System.Globalization;
using System.Text.Json;
using Ehi.Processing.Journal;
using Ehi.Processing.Ledger;
using Ehi.Testing.Postgres;
using Xunit.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary><c>ehi report reconcile</c> after a simulated day of mixed traffic from
/// <c>ehi simulate</c> (every scenario, then a load of authorisations, reversals and presentments)
/// against a real <c>ehi serve</c> over mTLS: the report's totals equal the ledger's postings for
/// the same window, read independently from the store; on SQLite and on PostgreSQL.</summary>
public sealed class ReconcileReportTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sqlite_SimulatedDay_ReportTiesOutWithLedgerPostings()
    {
        await using var served = await ServedLedger.StartAsync(output);
        await RunDayAndReconcileAsync(served);
    }

    [Fact]
    public async Task Postgres_SimulatedDay_ReportTiesOutWithLedgerPostings()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        await using var served = await ServedLedger.StartAsync(output, cluster);
        await RunDayAndReconcileAsync(served);
    }

    [Fact]
    public async Task Reconcile_BadInput_OneSentenceAndExit2()
    {
        var (exit, _, error) = await CliRunner.RunAsync("report", "reconcile", "--from", "30/11/2026");
        Assert.Equal(2, exit);
        Assert.StartsWith("error: failed to build the report: --from 30/11/2026 is not a day in the form yyyy-MM-dd", error, StringComparison.Ordinal);
        var reversed = await CliRunner.RunAsync("report", "reconcile", "--from", "2026-11-30", "--to", "2026-11-01");
        Assert.Equal(2, reversed.Exit);
        Assert.DoesNotContain("   at ", reversed.Err, StringComparison.Ordinal);
    }

    private async Task RunDayAndReconcileAsync(ServedLedger served)
    {
        // A day of mixed traffic: every scenario (stand-in decisions, reversals, refunds, Cut-Offs, ...) and a load
        var run = await CliRunner.RunAsync(["simulate", "run", "--all", .. served.Target]);
        output.WriteLine(run.Out + run.Err);
        Assert.Equal(0, run.Exit);
        var load = await CliRunner.RunAsync(["simulate", "load", "--rate", "100", "--duration", "3", "--warmup", "0", "--connections", "4", "--cards", "50", "--mix", "auth=60,reversal=10,presentment=30", "--json", .. served.Target]);
        Assert.True(load.Exit == 0, load.Out + load.Err);
        Assert.Equal(0, (await CliRunner.RunAsync("cards", "create", "107419774", "--currency", "826", "--balance", "10.00", "--admin", served.Admin)).Exit);
        await served.SendAsync("""{"MTID":"1240","Txn_Type":"P","TXn_ID":990001,"Token":107419774,"Bill_Amt":-3.00,"Bill_Ccy":"826","Txn_CCy":"826","Proc_Code":"000000"}""");

        string today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string from = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string to = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var (exit, json, error) = await served.RunOnStoreAsync("report", "reconcile", "--from", from, "--to", to, "--json");
        output.WriteLine(json);
        Assert.True(exit == 0, error + json);

        // The ledger's postings of the window's messages, read independently from the store
        // (admin operations carry negative ids; every message of this run is inside the window)
        decimal actual = 0m, blocked = 0m;
        int messages = 0;
        await using (var store = await served.OpenStoreAsync())
        {
            await using (var audit = await store.OpenAuditAsync(CancellationToken.None))
            {
                await foreach (var posting in audit.PostingsAsync(CancellationToken.None))
                {
                    if (posting.TxnId > 0)
                    {
                        actual += posting.Account == PostingLeg.CardActual ? posting.Amount : 0m;
                        blocked += posting.Account == PostingLeg.CardBlocked ? posting.Amount : 0m;
                    }
                }
            }

            await foreach (var _ in store.ListAsync(new JournalQuery { Limit = int.MaxValue }, CancellationToken.None))
            {
                messages++;
            }
        }

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("tiesOut").GetBoolean());
        Assert.Equal(messages, root.GetProperty("totals").GetProperty("messages").GetInt32());
        Assert.Equal(actual, root.GetProperty("totals").GetProperty("postedActual").GetDecimal());
        Assert.Equal(blocked, root.GetProperty("totals").GetProperty("postedBlocked").GetDecimal());
        Assert.NotEqual(0m, actual);

        // And the day has what the finance team looks for
        var day = root.GetProperty("days").EnumerateArray().Single(d => d.GetProperty("date").GetString() == today);
        var kinds = day.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("kind").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "AuthorisationRequest", "AuthorisationReversal", "Presentment", "ThreddDecisionNotification" }, kinds);
        Assert.Contains(day.GetProperty("decisions").EnumerateArray(), d => d.GetProperty("decision").GetString() == "Approved" && d.GetProperty("responseStatus").GetString() == "00" && d.GetProperty("count").GetInt32() > 100);
        Assert.Contains(day.GetProperty("decisions").EnumerateArray(), d => d.GetProperty("decision").GetString() == "Declined");
        Assert.Contains(day.GetProperty("threddDecisions").EnumerateArray(), t => t.GetProperty("effect").GetString() is "applied" or "undone");
        Assert.Contains(day.GetProperty("presentmentsWithoutAuthorisation").EnumerateArray(), p => p.GetProperty("txnId").GetInt64() == 990001 && p.GetProperty("presented").GetDecimal() == 3.00m);
        Assert.True(day.GetProperty("cutOffs").GetInt32() >= 1);

        // The CSV carries the same totals
        var csv = await served.RunOnStoreAsync("report", "reconcile", "--from", from, "--to", to, "--csv");
        Assert.Equal(0, csv.Exit);
        string[] lines = csv.Out.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("date,section,key,currency,count,amount,posted_actual,posted_blocked", lines[0]);
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $",total,report,,{messages},,{actual},{blocked}"), lines[^2]);
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $",total,ledger,,{messages},,{actual},{blocked}"), lines[^1]);
        var text = await served.RunOnStoreAsync("report", "reconcile", "--from", from, "--to", to);
        Assert.Contains("The report ties out with the ledger.", text.Out, StringComparison.Ordinal);
    }
}
