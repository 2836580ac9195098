using System.Text;
using Ehi.Core.Handling;
using Ehi.Processing;
using Ehi.Processing.Configuration;
using Ehi.Processing.Decisions;
using Ehi.Processing.Journal;
using Ehi.Processing.Ledger;
using Ehi.Storage.Postgres;
using Ehi.Storage.Sqlite;
using Ehi.Testing.Postgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary><c>ehi journal copy</c> from a SQLite journal with ledger activity into a real PostgreSQL
/// database, then <c>ehi ledger verify</c> and <c>ehi journal list</c> on both.</summary>
public sealed class JournalCopyTests : IAsyncLifetime
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ehi-copy-");
    private PostgresCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.StartAsync();
        await using var store = SqliteStore.Open(_dir.FullName);
        var options = new ProcessingOptions { Provider = DecisionProviderKind.Ledger, Budget = TimeSpan.FromSeconds(10) };
        var processor = new EhiProcessor(store, new LedgerDecider(new LedgerEngine(new LedgerOptions()), TimeProvider.System), options, TimeProvider.System, NullLogger<EhiProcessor>.Instance);
        await new CardAdministration(store, TimeProvider.System).CreateAsync(555, "826", 100m, CardStatuses.Active, CancellationToken.None);
        foreach (string body in new[]
        {
            """{"MTID":"0100","Txn_Type":"A","TXn_ID":11,"Token":555,"traceid_lifecycle":"L-1","Bill_Amt":-10.00,"Bill_Ccy":"826"}""",
            """{"MTID":"0100","Txn_Type":"A","TXn_ID":12,"Token":555,"traceid_lifecycle":"L-2","Bill_Amt":-20.00,"Bill_Ccy":"826"}""",
            """{"MTID":"0100","Txn_Type":"A","TXn_ID":12,"Token":555,"traceid_lifecycle":"L-2","Bill_Amt":-25.00,"Bill_Ccy":"826","SendingAttemptCount":1}""",
            """{"MTID":"0400","Txn_Type":"D","TXn_ID":13,"Token":555,"traceid_lifecycle":"L-2","Bill_Amt":20.00,"Bill_Ccy":"826"}""",
            """{"MTID":"1240","Txn_Type":"P","TXn_ID":14,"Token":555,"traceid_lifecycle":"L-1","Bill_Amt":-10.00,"Bill_Ccy":"826","Txn_CCy":"826"}""",
            """{"MTID":"0100","Txn_Type":"A","TXn_ID":15,"Token":999,"traceid_lifecycle":"L-3","Bill_Amt":-1.00}""",
            """{"CutOffId":9,"FirstTransactionId":10,"LastTransactionId":20,"AuthsAcknowledged":4}""",
            """{"TXn_ID":"bad"}""",
        })
        {
            await processor.HandleAsync(new EhiRequest(Encoding.UTF8.GetBytes(body), "application/json", null, null, null, DateTimeOffset.UtcNow), CancellationToken.None);
        }
    }

    [Fact]
    public async Task Copy_ToEmptyPostgres_KeepsEveryAnswerAndBalance_VerifyAgreesOnBoth()
    {
        string database = await _cluster.CreateDatabaseAsync("copy");

        var (exit, output, error) = await CliRunner.RunAsync("journal", "copy", "--data", _dir.FullName, "--to", database);

        Assert.True(exit == 0, error);
        Assert.Contains("Copied 5 message(s), 1 Cut-Off(s), 1 refused body, 1 TXn_ID conflict(s), 1 card(s)", output, StringComparison.Ordinal);
        Assert.Equal(0, (await CliRunner.RunAsync("ledger", "verify", "--data", _dir.FullName)).Exit);
        var verify = await CliRunner.RunAsync("ledger", "verify", "--database", database);
        Assert.True(verify.Exit == 0, verify.Out + verify.Err);
        Assert.Contains("The ledger is consistent.", verify.Out, StringComparison.Ordinal);

        // Every stored answer, byte for byte, and the card's balances
        await using var sqlite = SqliteStore.Open(_dir.FullName);
        await using var postgres = await PostgresStore.OpenAsync(database, CancellationToken.None);
        var before = await ListAsync(sqlite);
        var after = await ListAsync(postgres);
        Assert.Equal(before.Select(e => (e.Key, Encoding.UTF8.GetString(e.Answer.Body.Span), e.Effect, e.PostingLegs)), after.Select(e => (e.Key, Encoding.UTF8.GetString(e.Answer.Body.Span), e.Effect, e.PostingLegs)));
        var cardBefore = (await sqlite.GetCardAsync(555, CancellationToken.None))!;
        var cardAfter = (await postgres.GetCardAsync(555, CancellationToken.None))!;
        Assert.Equal((cardBefore.Account.Actual, cardBefore.Account.Blocked), (cardAfter.Account.Actual, cardAfter.Account.Blocked));
        Assert.Equal(cardBefore.Postings, cardAfter.Postings);

        // The TXn_ID conflict too, with both amounts
        var conflicts = await CliRunner.RunAsync("journal", "conflicts", "--database", database);
        Assert.Equal(1, conflicts.Exit);
        Assert.Contains("Bill_Amt -20.00 -> -25.00", conflicts.Out, StringComparison.Ordinal);

        // A second copy into the same database is refused
        var again = await CliRunner.RunAsync("journal", "copy", "--data", _dir.FullName, "--to", database);
        Assert.Equal(4, again.Exit);
        Assert.Contains("already holds", again.Err, StringComparison.Ordinal);

        // And the journal verbs read PostgreSQL too
        var list = await CliRunner.RunAsync("journal", "list", "--database", database);
        Assert.Equal(0, list.Exit);
        Assert.EndsWith("5 message(s)\n", list.Out, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    private static async Task<List<JournalEntry>> ListAsync(Processing.Storage.IJournalStore store)
    {
        var entries = new List<JournalEntry>();
        await foreach (var e in store.ListAsync(new JournalQuery(), CancellationToken.None))
        {
            entries.Add(e);
        }

        return entries;
    }
}
