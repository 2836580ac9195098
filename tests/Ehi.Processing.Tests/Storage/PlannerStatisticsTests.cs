using Ehi.Processing.Ledger;
using Ehi.Storage.Postgres;
using Npgsql;

namespace Ehi.Processing.Tests.Storage;

/// <summary>A PostgreSQL host keeps the planner's statistics up with tables that grow from empty, so
/// the plans of its prepared statements stop scanning whole tables long before autovacuum (a minute's
/// naptime) would have analyzed them; a table that does not grow is not analyzed again.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PlannerStatisticsTests(PostgresStores postgres)
{
    [Fact]
    public async Task TableGrownFromEmpty_IsAnalyzedWithinSeconds_AndNotAgainWhileItStaysTheSame()
    {
        // Given a new database, read by a host whose plans were made while it was empty
        string database = await postgres.Cluster.CreateDatabaseAsync("statistics");
        await using var store = await PostgresStore.OpenAsync(database, CancellationToken.None);
        var cards = new CardAdministration(store, TimeProvider.System);
        Assert.Equal(-1, await AnalyzedRowsAsync(database, "accounts"));

        // When 3,000 cards are created at once
        Assert.Equal(3000, await cards.CreateManyAsync(910_000_000, 3000, "826", 10m, CancellationToken.None));

        // Then the accounts table is analyzed within seconds (autovacuum's naptime is a minute)
        var until = DateTime.UtcNow.AddSeconds(30);
        while (await AnalyzedRowsAsync(database, "accounts") < 3000 && DateTime.UtcNow < until)
        {
            await Task.Delay(250);
        }

        Assert.Equal(3000, await AnalyzedRowsAsync(database, "accounts"));
        Assert.Equal(0, await LastAutoAnalyzeCountAsync(database));
        long analyzes = store.Analyzes;
        Assert.True(analyzes >= 1);

        // And, the table no longer growing, three more rounds analyze nothing
        await Task.Delay(TimeSpan.FromSeconds(10));
        Assert.Equal(analyzes, store.Analyzes);
    }

    private static async Task<long> AnalyzedRowsAsync(string database, string table)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT reltuples::bigint FROM pg_class WHERE relname = $1 AND relkind = 'r'", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = table });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    // Proof that ehi, not autovacuum, took the statistics.
    private static async Task<long> LastAutoAnalyzeCountAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COALESCE(SUM(autoanalyze_count), 0)::bigint FROM pg_stat_user_tables", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
