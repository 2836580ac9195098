using System.Text;
using System.Text.Json;
using Ehi.Core.Handling;
using Ehi.Processing;
using Ehi.Processing.Configuration;
using Ehi.Processing.Decisions;
using Ehi.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ehi.Cli.Tests;

public sealed class JournalCommandTests : IAsyncLifetime
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ehi-journal-cli-");

    public async Task InitializeAsync()
    {
        // A journal written the way ehi serve writes it: two auths on one card, a repeat, a Cut-Off that differs.
        await using var journal = SqliteStore.Open(_dir.FullName);
        var options = new ProcessingOptions { Budget = TimeSpan.FromSeconds(10) };
        var processor = new EhiProcessor(journal, new ProviderDecider(new StaticDecisionProvider(options.Static), options, TimeProvider.System, NullLogger.Instance), options, TimeProvider.System, NullLogger<EhiProcessor>.Instance);
        foreach (string body in new[]
        {
            """{"MTID":"0100","Txn_Type":"A","TXn_ID":11,"Token":555,"traceid_lifecycle":"L-1","Bill_Amt":-1.00}""",
            """{"MTID":"0100","Txn_Type":"A","TXn_ID":11,"Token":555,"traceid_lifecycle":"L-1","Bill_Amt":-1.00,"SendingAttemptCount":1}""",
            """{"MTID":"0100","Txn_Type":"A","TXn_ID":12,"Token":555,"traceid_lifecycle":"L-2","Bill_Amt":-2.00}""",
            """{"MTID":"0100","Txn_Type":"A","TXn_ID":13,"Token":777,"traceid_lifecycle":"L-3","Bill_Amt":-3.00}""",
            """{"CutOffId":9,"FirstTransactionId":10,"LastTransactionId":20,"AuthsAcknowledged":4}""",
            """{"TXn_ID":"bad"}""",
        })
        {
            await processor.HandleAsync(new EhiRequest(Encoding.UTF8.GetBytes(body), "application/json", null, null, null, DateTimeOffset.UtcNow), CancellationToken.None);
        }
    }

    [Fact]
    public async Task List_ByToken_Json()
    {
        var (exit, output, _) = await CliRunner.RunAsync("journal", "list", "--data", _dir.FullName, "--token", "555", "--json");

        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal([11L, 12L], doc.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("txnId").GetInt64()));
    }

    [Fact]
    public async Task List_ByLifecycle_Text()
    {
        var (exit, output, _) = await CliRunner.RunAsync("journal", "list", "--data", _dir.FullName, "--lifecycle", "L-3");

        Assert.Equal(0, exit);
        Assert.Contains("AuthorisationRequest", output, StringComparison.Ordinal);
        Assert.EndsWith("1 message(s)\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_PrintsBodyAndAnswer()
    {
        var (exit, output, _) = await CliRunner.RunAsync("journal", "show", "11", "--data", _dir.FullName);

        Assert.Equal(0, exit);
        Assert.Contains("""request: {"MTID":"0100","Txn_Type":"A","TXn_ID":11""", output, StringComparison.Ordinal);
        Assert.Contains("""answer:  {"Acknowledgement":"1","Responsestatus":"00"}""", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_UnknownTxn_Exits1()
    {
        var (exit, _, error) = await CliRunner.RunAsync("journal", "show", "999", "--data", _dir.FullName);

        Assert.Equal(1, exit);
        Assert.Contains("TXn_ID 999 is not in the journal", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_WritesOneJsonObjectPerLine()
    {
        string file = Path.Combine(_dir.FullName, "out.jsonl");

        var (exit, _, error) = await CliRunner.RunAsync("journal", "export", "--data", _dir.FullName, "--out", file);

        Assert.Equal(0, exit);
        Assert.Contains("Exported 3 message(s)", error, StringComparison.Ordinal);
        var lines = File.ReadAllLines(file);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(l).RootElement.ValueKind));
    }

    [Fact]
    public async Task CutOffs_WithDifferences_Exit1AndSaySo()
    {
        var (exit, output, _) = await CliRunner.RunAsync("journal", "cutoffs", "--data", _dir.FullName);

        Assert.Equal(1, exit);
        Assert.Contains("Cut-Off 9 (TXn_ID 10..20", output, StringComparison.Ordinal);
        Assert.Contains("auths acknowledged: Thredd counts 4, the journal 3", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejected_ListsTheRefusedBody()
    {
        var (_, output, _) = await CliRunner.RunAsync("journal", "rejected", "--data", _dir.FullName);

        Assert.Contains("urn:ehi:problem:wrong-field-type TXn_ID must be an integer.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyVerb_NoJournal_IsLocalErrorWithHint()
    {
        var (exit, _, error) = await CliRunner.RunAsync("journal", "list", "--data", Path.Combine(_dir.FullName, "nowhere"));

        Assert.Equal(4, exit);
        Assert.Contains("hint: pass the directory ehi serve used with --data DIR", error, StringComparison.Ordinal);
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
        return Task.CompletedTask;
    }
}
