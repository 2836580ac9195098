using Npgsql;

namespace Ehi.Storage.Postgres;

/// <summary>Planner statistics that keep up with tables growing from empty. Each host prepares its
/// statements once per connection and PostgreSQL keeps one generic plan for each: a plan made while
/// a table was empty (a new database, the first minutes of traffic) scans it whole, and keeps doing so
/// as it grows, until an ANALYZE of that table makes PostgreSQL plan again. Autovacuum analyzes only
/// after its naptime (a minute) and 10% of changes. Measured on the shared 2-core machine, one host,
/// 20,000 cards, 15 s at saturation then 500 messages/s: the group's key look-up scanned the messages
/// table (5.3 ms a call) and PostgreSQL spent 2.5 ms of CPU per message, p50 15-20 ms; with this
/// loop, 0.7 ms and p50 2.5 ms, and saturation went from about 1,050 to 2,400/s.
/// So every few seconds a host analyzes each of its tables that has at least doubled since its
/// statistics were taken (and holds at least <see cref="AnalyzeFloor"/> rows): a handful of ANALYZEs
/// over a table's life, after which autovacuum's own rule does the rest. One host at a time (an
/// advisory lock); a failure waits for the next round.</summary>
public sealed partial class PostgresStore
{
    private const int AnalyzeFloor = 1000;
    private const long StatisticsLock = 0x656869_5354; // "ehi" "ST"
    private static readonly TimeSpan StatisticsInterval = TimeSpan.FromSeconds(3);
    private static readonly string[] GrowingTables = ["messages", "holds", "accounts", "postings", "financials", "unmatched", "rejected", "conflicts"];

    private readonly CancellationTokenSource _statisticsStop = new();
    private Task? _statistics;
    private int _statisticsStopped;

    /// <summary>How many ANALYZEs this host ran (for tests).</summary>
    public long Analyzes { get; private set; }

    private void StartStatistics() => _statistics = Task.Run(() => KeepStatisticsAsync(_statisticsStop.Token));

    // Idempotent: a store may be disposed more than once (a test closes it, then its fixture).
    private async Task StopStatisticsAsync()
    {
        if (Interlocked.Exchange(ref _statisticsStopped, 1) == 1)
        {
            return;
        }

        await _statisticsStop.CancelAsync().ConfigureAwait(false);
        if (_statistics is { } running)
        {
            await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _statisticsStop.Dispose();
    }

    private async Task KeepStatisticsAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(StatisticsInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await AnalyzeGrownTablesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or InvalidOperationException)
            {
                // The database is away or busy: the next round tries again (readiness reports the outage).
            }
        }
    }

    private async Task AnalyzeGrownTablesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _data.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var take = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock($1)", connection, transaction))
        {
            take.Parameters.Add(new NpgsqlParameter<long> { TypedValue = StatisticsLock });
            if (await take.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                return; // another host is analyzing
            }
        }

        var grown = new List<string>();
        await using (var find = new NpgsqlCommand(
            """
            SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
            WHERE s.schemaname = current_schema() AND s.relname = ANY($1)
              AND s.n_live_tup >= $2 AND s.n_live_tup >= 2 * GREATEST(c.reltuples, 0)
              AND pg_has_role(c.relowner, 'MEMBER')
            """,
            connection,
            transaction))
        {
            find.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = GrowingTables });
            find.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AnalyzeFloor });
            await using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                grown.Add(reader.GetString(0));
            }
        }

        // Only names from GrowingTables reach the statement text. Tables this role does not own are
        // left out above: PostgreSQL would skip them with a warning, every round, and never analyze them.
        foreach (string table in grown.Where(GrowingTables.Contains))
        {
            await using var analyze = new NpgsqlCommand($"ANALYZE {table}", connection, transaction);
            await analyze.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            Analyzes++;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
