using Ehi.Processing.Storage;
using Ehi.Storage.Postgres;
using Ehi.Storage.Sqlite;
using Ehi.Testing.Postgres;

namespace Ehi.Processing.Tests.Storage;

/// <summary>Opens a fresh, empty store of one backend for a test; the contract suites run on each.</summary>
public interface IStoreFactory
{
    /// <summary>The backend's name.</summary>
    string Name { get; }

    /// <summary>A new empty store; <c>cleanup</c> runs after the store is disposed.</summary>
    Task<(IEhiStore Store, Func<ValueTask> Cleanup)> OpenAsync();
}

/// <summary>SQLite in a temp directory per store.</summary>
public sealed class SqliteStores : IStoreFactory
{
    /// <summary>The one instance.</summary>
    public static SqliteStores Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "sqlite";

    /// <inheritdoc />
    public Task<(IEhiStore Store, Func<ValueTask> Cleanup)> OpenAsync()
    {
        var dir = Directory.CreateTempSubdirectory("ehi-store-");
        IEhiStore store = SqliteStore.Open(dir.FullName);
        return Task.FromResult<(IEhiStore, Func<ValueTask>)>((store, () =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
            return ValueTask.CompletedTask;
        }
        ));
    }
}

/// <summary>One PostgreSQL cluster for the collection, a fresh database per store.</summary>
public sealed class PostgresStores : IStoreFactory, IAsyncLifetime
{
    /// <summary>The cluster.</summary>
    public PostgresCluster Cluster { get; private set; } = null!;

    /// <inheritdoc />
    public string Name => "postgres";

    /// <inheritdoc />
    public async Task<(IEhiStore Store, Func<ValueTask> Cleanup)> OpenAsync()
    {
        string connection = await Cluster.CreateDatabaseAsync().ConfigureAwait(false);
        IEhiStore store = await PostgresStore.OpenAsync(connection, CancellationToken.None).ConfigureAwait(false);
        return (store, () => ValueTask.CompletedTask);
    }

    /// <inheritdoc />
    public async Task InitializeAsync() => Cluster = await PostgresCluster.StartAsync().ConfigureAwait(false);

    /// <inheritdoc />
    public async Task DisposeAsync() => await Cluster.DisposeAsync().ConfigureAwait(false);
}

/// <summary>The test classes that share one PostgreSQL cluster (run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresStores>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "postgres";
}
