using Ehi.Processing.Ledger;
using Ehi.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Ehi.Processing.Tests.Storage;

/// <summary>SQLite checkpoints run beside the writer, not in its commit path: a bulk card load
/// returns with its pages already in the database file (no long copy left for the messages that
/// follow), and messages written under steady load reach the database file without the writer
/// checkpointing. Each test reads the database file alone, without its WAL, as the proof.</summary>
public sealed class SqliteCheckpointTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ehi-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task BulkCardLoad_ReturnsWithItsPagesInTheDatabaseFile()
    {
        await using var store = SqliteStore.Open(_directory);
        var cards = new CardAdministration(store, TimeProvider.System);

        Assert.Equal(20_000, await cards.CreateManyAsync(700_000_000, 20_000, "826", 50m, CancellationToken.None));

        Assert.True(store.CheckpointPasses >= 1);
        Assert.Equal(20_000, CountWithoutWal("SELECT COUNT(*) FROM accounts", store.Path));
    }

    [Fact]
    public async Task SteadyWrites_ReachTheDatabaseFile_WhileTheWriterKeepsCommitting()
    {
        await using var store = SqliteStore.Open(_directory);
        var cards = new CardAdministration(store, TimeProvider.System);
        var until = DateTime.UtcNow.AddSeconds(1.5);
        int created = 0;
        while (DateTime.UtcNow < until)
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(i => cards.CreateAsync(800_000_000 + created + i, "826", 10m, CardStatuses.Active, CancellationToken.None).AsTask()));
            created += 8;
        }

        Assert.True(store.CheckpointPasses >= 2, $"{store.CheckpointPasses} background checkpoints in 1.5 s of commits");
        await store.CheckpointAsync(); // the last commits, then a checkpointer at rest while the file is copied
        Assert.Equal(created, CountWithoutWal("SELECT COUNT(*) FROM accounts", store.Path));
    }

    [Fact]
    public async Task FewMessagesASecond_DoNotRestartTheWalOnEveryCommit()
    {
        await using var store = SqliteStore.Open(_directory);
        var cards = new CardAdministration(store, TimeProvider.System);

        // Five commits further apart than the checkpoint interval: a pass after each would copy the whole
        // WAL, and each next commit would restart it and sync its header (two fsyncs per message).
        for (int i = 0; i < 5; i++)
        {
            await cards.CreateAsync(900_000_000 + i, "826", 10m, CardStatuses.Active, CancellationToken.None);
            await Task.Delay(250);
        }

        Assert.Equal(0, store.CheckpointPasses);
        Assert.Equal(5, await CountAsync(store));
    }

    private static async Task<long> CountAsync(SqliteStore store)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = store.Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM accounts";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    // The database file read on its own (a copy without -wal and -shm): only checkpointed pages count.
    private long CountWithoutWal(string sql, string path)
    {
        string copy = Path.Combine(_directory, "copy-" + Guid.NewGuid().ToString("N") + ".db");
        File.Copy(path, copy);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
