using System.Net.Sockets;
using Ehi.Processing.Journal;
using Ehi.Processing.Storage;
using Npgsql;

namespace Ehi.Storage.Postgres;

/// <summary>The PostgreSQL store: the journal and the ledger of any number of ehi hosts in one
/// database. Each message is one transaction on a pooled connection: its card is read
/// <c>FOR UPDATE</c> (messages for one card queue on that row, different cards never wait for each
/// other), the journal key (TXn_ID, variant) is unique, and entry, effects and answer commit
/// together with <c>synchronous_commit</c> on, so the answer leaves only once the commit is durable
/// (on the synchronous standby too when one is configured). PostgreSQL flushes the WAL of
/// concurrent commits together, which is the group commit here. While no primary can be reached
/// every call throws <see cref="JournalUnavailableException"/> (Thredd is asked to resend); the
/// pool is cleared so the next call reconnects, to a promoted standby with a multi-host string.</summary>
public sealed partial class PostgresStore : IEhiStore, IJournalRetention
{
    private const int Attempts = 5;

    /// <summary>Connections per host unless the connection string says otherwise.</summary>
    public const int DefaultPoolSize = 16;

    private readonly NpgsqlDataSource _data;

    private PostgresStore(NpgsqlDataSource data, string description)
    {
        _data = data;
        Description = description;
        StartWriters();
        StartStatistics();
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>Connects, applies the schema's missing steps (under an advisory lock) and checks the version.</summary>
    /// <exception cref="JournalUnavailableException">The database cannot be reached or its schema is newer than this ehi.</exception>
    /// <exception cref="ArgumentException">The connection text is not valid.</exception>
    public static async Task<PostgresStore> OpenAsync(string connection, CancellationToken cancellationToken, bool migrate = true)
    {
        var builder = PostgresConnection.Parse(connection);
        var data = Build(builder);
        try
        {
            if (migrate)
            {
                await PostgresSchema.MigrateAsync(data, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await using var probe = await data.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                int version = await PostgresSchema.CurrentAsync(probe, cancellationToken).ConfigureAwait(false);
                if (version != PostgresSchema.Version)
                {
                    throw new JournalUnavailableException($"the database has schema version {version} and this ehi needs {PostgresSchema.Version}; run ehi db migrate");
                }
            }

            return new PostgresStore(data, PostgresConnection.Describe(builder));
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            await data.DisposeAsync().ConfigureAwait(false);
            throw new JournalUnavailableException($"PostgreSQL at {builder.Host} cannot be used: {ex.Message}", ex);
        }
        catch
        {
            await data.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Builds the data source for a connection (several hosts: one that follows the primary).</summary>
    public static NpgsqlDataSource Build(NpgsqlConnectionStringBuilder builder)
    {
        // Defaults where the connection string is silent. Every message runs the same few statements:
        // prepared once per connection, PostgreSQL skips parsing and planning them. ehi leaves no
        // session state behind, so a pooled connection needs no reset round trip. A small pool per
        // host: messages for a hot card queue on its row anyway, and a burst that opens a hundred
        // backends at once (Npgsql's default) times out on a busy server instead of waiting its turn.
        string named = builder.ConnectionString;
        var tuned = new NpgsqlConnectionStringBuilder(named);
        if (!Named(named, "auto prepare"))
        {
            tuned.MaxAutoPrepare = 64;
            tuned.AutoPrepareMinUsages = 2;
        }

        if (!Named(named, "reset on close"))
        {
            tuned.NoResetOnClose = true;
        }

        if (!Named(named, "max pool size") && !Named(named, "maximum pool size"))
        {
            tuned.MaxPoolSize = DefaultPoolSize;
        }

        if (!Named(named, "plan_cache_mode"))
        {
            // Every statement ehi prepares looks rows up by key; PostgreSQL would still re-plan the
            // ones with arrays or UNIONs on each call (a custom plan cost more CPU than running it).
            tuned.Options = ((tuned.Options ?? string.Empty) + " -c plan_cache_mode=force_generic_plan").Trim();
        }

        builder = tuned;
        var source = new NpgsqlDataSourceBuilder(builder.ConnectionString);
        return builder.Host?.Contains(',', StringComparison.Ordinal) == true ? source.BuildMultiHost() : source.Build();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopWritersAsync().ConfigureAwait(false);
        await StopStatisticsAsync().ConfigureAwait(false);
        await _data.DisposeAsync().ConfigureAwait(false);
    }

    private static bool Named(string connection, string key) =>
        connection.Replace(" ", string.Empty, StringComparison.Ordinal).Contains(key.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);

    // One transaction, retried on serialisation failures and deadlocks (which one-card-per-message
    // locking should not produce, but PostgreSQL may still report under load). A lost connection is
    // not retried here: the answer asks Thredd to resend, and the pool is cleared for the next call.
    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken, bool retryUniqueViolation = false)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await _data.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                return await work(connection, transaction).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (attempt < Attempts && (ex.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected || (retryUniqueViolation && ex.SqlState == PostgresErrorCodes.UniqueViolation)))
            {
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (Unavailable(ex))
            {
                throw Lost(ex);
            }
        }
    }

    private async Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _data.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection).ConfigureAwait(false);
        }
        catch (Exception ex) when (Unavailable(ex))
        {
            throw Lost(ex);
        }
    }

    private static bool Unavailable(Exception ex) =>
        ex is NpgsqlException or SocketException or TimeoutException or ObjectDisposedException or InvalidOperationException { InnerException: NpgsqlException };

    // The server went away, shuts down, or is no longer the primary.
    private static bool ConnectionLost(PostgresException ex) =>
        ex.SqlState.StartsWith("08", StringComparison.Ordinal) || ex.SqlState.StartsWith("57P", StringComparison.Ordinal) || ex.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction;

    private JournalUnavailableException Lost(Exception ex)
    {
        // Idle pooled connections to a server that went away (or that is no longer the primary)
        // would fail the next calls too; a multi-host source also forgets which host was primary.
        if (ex is ObjectDisposedException)
        {
            return new JournalUnavailableException("the journal is closed", ex);
        }

        if (ex is not PostgresException server || ConnectionLost(server))
        {
            _data.Clear();
            if (_data is NpgsqlMultiHostDataSource multiHost)
            {
                multiHost.ClearDatabaseStates();
            }
        }

        return new JournalUnavailableException("PostgreSQL is unavailable: " + ex.Message, ex);
    }

    private static object Db(object? value) => value ?? DBNull.Value;

    private static DateTimeOffset Utc(DateTimeOffset value) => value.ToUniversalTime();
}
