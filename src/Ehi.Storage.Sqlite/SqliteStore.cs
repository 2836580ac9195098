using System.Threading.Channels;
using Ehi.Core.Messages;
using Ehi.Processing.Journal;
using Ehi.Processing.Storage;
using Microsoft.Data.Sqlite;

namespace Ehi.Storage.Sqlite;

/// <summary>The default store: the journal and the ledger in one SQLite file in WAL mode with
/// <c>synchronous=FULL</c>. Writes go through one writer that commits everything queued at that
/// moment in one transaction (group commit): one fsync serves many messages, and no caller is
/// released before its commit. One writer also serialises every card: nothing else is locked. The
/// writer's connection hands each commit's WAL frames to the kernel in one call
/// (<see cref="WalWriteCoalescing"/>).</summary>
public sealed partial class SqliteStore : IEhiStore, IJournalRetention
{
    private const int MaxBatch = 256;

    private readonly string _connectionString;
    private readonly string _readerConnectionString;
    private readonly SqliteConnection _writer;
    private readonly StatementCache _statements;
    private readonly Channel<WriteOperation> _queue = Channel.CreateUnbounded<WriteOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread _writerThread;

    private SqliteStore(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
        // Readers never create the file: a journal deleted under them must fail, not start afresh.
        _readerConnectionString = new SqliteConnectionStringBuilder(_connectionString) { Mode = SqliteOpenMode.ReadWrite }.ToString();
        // Only the writer's connection writes the WAL, so only it needs the coalescing VFS.
        _writer = new SqliteConnection(WalWriteCoalescing.Register()
            ? new SqliteConnectionStringBuilder(_connectionString) { Vfs = WalWriteCoalescing.VfsName }.ToString()
            : _connectionString);
        _writer.Open();
        _statements = new StatementCache(_writer);
        Schema.Execute(_writer, "PRAGMA journal_mode=WAL");
        // The writer reads the database through a memory map (up to 256 MiB): with the default 2 MiB
        // page cache alone it re-read account and index pages with pread on every message, and a
        // 64 MiB cache cost more than it saved (SQLite walks its whole page-cache hash table on each
        // transaction). Measured in bench runs: ~300 µs of server CPU per ledger message against
        // ~390-500 µs with the large cache. SQLite writes with pwrite whatever this setting.
        Schema.Execute(_writer, "PRAGMA mmap_size=268435456");

        // FULL, not NORMAL: besides durability, WalWriteCoalescing writes a commit's frames out at
        // the commit's sync, before other connections may read them; with NORMAL there is none.
        Schema.Execute(_writer, "PRAGMA synchronous=FULL");
        Schema.Execute(_writer, "PRAGMA busy_timeout=30000");
        // Checkpoints run in the background (SqliteStore.Checkpoints); the writer's own is a backstop.
        Schema.Execute(_writer, $"PRAGMA wal_autocheckpoint={BackstopFrames}");
        Schema.Apply(_writer);
        WatchFiles();
        StartCheckpoints();
        // The writer owns a thread: commits block on fsync, and must never hold a thread-pool thread.
        _writerThread = new Thread(WriteLoop) { IsBackground = true, Name = "ehi-journal-writer" };
        _writerThread.Start();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public string Description => "SQLite " + System.IO.Path.GetFullPath(Path);

    /// <summary>How many group commits ran (for benchmarks and tests).</summary>
    public long Commits { get; private set; }

    /// <summary>Opens (creating if needed) <c>journal.db</c> in <paramref name="directory"/>.</summary>
    /// <exception cref="JournalUnavailableException">The directory or file cannot be used.</exception>
    public static SqliteStore Open(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            return new SqliteStore(System.IO.Path.Combine(directory, "journal.db"));
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new JournalUnavailableException($"the journal in {directory} cannot be opened: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.Run(_writerThread.Join).ConfigureAwait(false);
        await Task.Run(StopCheckpoints).ConfigureAwait(false);
        StopWatching();
        _statements.Dispose();
        await _writer.DisposeAsync().ConfigureAwait(false);
    }

    private Task<T> EnqueueAsync<T>(Func<SqliteConnection, SqliteTransaction, T> run)
    {
        var operation = new WriteOperation<T>(run);
        if (!_queue.Writer.TryWrite(operation))
        {
            throw new JournalUnavailableException("the journal is closed");
        }

        return operation.Task;
    }

    private void WriteLoop()
    {
        var batch = new List<WriteOperation>(MaxBatch);
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var operation))
            {
                batch.Add(operation);
            }

            if (LostError() is { } lost)
            {
                batch.ForEach(o => o.Fail(lost));
                continue;
            }

            try
            {
                long started = System.Diagnostics.Stopwatch.GetTimestamp();
                using var transaction = _writer.BeginTransaction();
                foreach (var operation in batch)
                {
                    operation.Run(_writer, transaction);
                }

                transaction.Commit();
                Commits++;
                JournalMetrics.CommitDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
                JournalMetrics.BatchSize.Record(batch.Count);
                // Committed, but into the file that was there at the check before? If it is gone now,
                // this commit may be in the deleted file: nothing of it is acknowledged.
                if (LostError() is { } lostDuring)
                {
                    batch.ForEach(o => o.Fail(lostDuring));
                    continue;
                }

                batch.ForEach(o => o.Complete());
                AfterCommit(batch.Count);
            }
            catch (Exception)
            {
                // One bad write must not fail its neighbours: retry each in its own transaction.
                foreach (var operation in batch)
                {
                    RunAlone(operation);
                }
            }
        }
    }

    private void RunAlone(WriteOperation operation)
    {
        try
        {
            using var transaction = _writer.BeginTransaction();
            operation.Run(_writer, transaction);
            transaction.Commit();
            Commits++;
            if (LostError() is { } lost)
            {
                operation.Fail(lost);
                return;
            }

            operation.Complete();
        }
        catch (Exception ex)
        {
            operation.Fail(ex);
        }
    }

    private SqliteConnection OpenReader()
    {
        if (LostError() is { } lost)
        {
            throw lost;
        }

        try
        {
            var connection = new SqliteConnection(_readerConnectionString);
            connection.Open();
            return connection;
        }
        catch (SqliteException ex)
        {
            throw new JournalUnavailableException("the journal cannot be read: " + ex.Message, ex);
        }
    }

    internal static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    internal static DateTimeOffset Time(string value) => DateTimeOffset.Parse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);

    private static object Db(object? value) => value ?? DBNull.Value;

    private static CutOffCounts EmptyCounts() => new(default, default, default, default);
}
