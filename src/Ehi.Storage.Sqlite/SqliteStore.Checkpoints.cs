using System.Diagnostics;
using Ehi.Processing.Storage;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Ehi.Storage.Sqlite;

/// <summary>Checkpoints off the commit path. SQLite's automatic checkpoint runs on the connection
/// that just committed, so the writer (and every message queued behind it) waited while WAL pages
/// were copied into the database and both files fsynced: with 256-page checkpoints that was every
/// few commits, and after a bulk card load one long copy. Here a thread with its own connection
/// copies the WAL into the database (a passive checkpoint, which never blocks the writer) at most
/// every <see cref="CheckpointInterval"/> while commits arrive. A passive checkpoint cannot finish
/// while the writer keeps appending, and the WAL only restarts from its beginning once everything in
/// it is copied; so when a background pass leaves a WAL over <see cref="TopUpFrames"/> pages, the
/// writer copies the few pages appended since (a top-up) between two commits. A top-up still waits
/// for an fsync of the database file (5-30 ms on the bench machine), so it is rare: the WAL may grow
/// to <see cref="TopUpFrames"/> pages (128 MiB) first, one top-up every 1-2 s at 1,500 messages/s.
/// The writer's own automatic checkpoint stays as a backstop at <see cref="BackstopFrames"/> pages.
/// Passes are short and frequent because each ends with an fsync of the database file, and the
/// writer's WAL fsync queues behind that burst on the same disk: at 1,200 messages/s right after a
/// 100,000-card load, passes every 50 ms gave a median second's p99.9 of 15.5-16 ms (worst second
/// 21-33 ms) against 17-22 ms (26-36 ms) with passes every 200 ms (three 15 s runs each).
/// A pass waits for <see cref="MinimumWrites"/> writes (or <see cref="IdleInterval"/>): the first
/// commit after a WAL is fully copied restarts it and syncs its new header, a second fsync; with a pass
/// after every commit, traffic of a few messages a second paid two fsyncs per message. (`ehi serve`
/// makes a test write at start, after the pass at open: that write takes the restart, not the first
/// message.)</summary>
public sealed partial class SqliteStore
{
    private const int TopUpFrames = 32768;
    private const int BackstopFrames = 131072;
    private const int TopUpRemainder = 256;
    private const int CatchUpPasses = 4;
    private const int MinimumWrites = 16;
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan IdleInterval = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _checkpointRequested = new(0);
    private readonly object _checkpointGate = new();
    private Thread? _checkpointThread;
    private SqliteConnection? _checkpointConnection;
    private TaskCompletionSource? _checkpointWaiters;
    private long _lastCheckpointRequest;
    private int _writesSinceRequest;
    private volatile bool _topUpDue;
    private volatile bool _stopCheckpoints;

    /// <summary>How many background checkpoint passes ran (for tests).</summary>
    public long CheckpointPasses { get; private set; }

    private void StartCheckpoints()
    {
        _checkpointConnection = new SqliteConnection(_readerConnectionString);
        _checkpointConnection.Open();
        // A checkpoint fsyncs the WAL before copying and the database after, as the writer's did.
        Schema.Execute(_checkpointConnection, "PRAGMA synchronous=FULL");
        // One pass now: a WAL left by a process that was killed is copied before the first message,
        // and the pass's code is compiled before the host reports ready, not beside its first commit.
        _ = Checkpoint(_checkpointConnection, "background");
        _lastCheckpointRequest = Stopwatch.GetTimestamp();
        _checkpointThread = new Thread(CheckpointLoop) { IsBackground = true, Name = "ehi-journal-checkpoint" };
        _checkpointThread.Start();
    }

    private void StopCheckpoints()
    {
        _stopCheckpoints = true;
        _checkpointRequested.Release();
        _checkpointThread?.Join();
        _checkpointConnection?.Dispose();
        lock (_checkpointGate)
        {
            _checkpointWaiters?.TrySetResult();
            _checkpointWaiters = null;
        }
    }

    /// <summary>Completes after a background checkpoint that started after this call has copied the
    /// WAL into the database (used after bulk writes, so that they do not leave a long copy for the
    /// messages that follow).</summary>
    public Task CheckpointAsync()
    {
        Task pass;
        lock (_checkpointGate)
        {
            _checkpointWaiters ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            pass = _checkpointWaiters.Task;
        }

        _checkpointRequested.Release();
        return pass;
    }

    // On the writer, after each commit of `writes` operations: ask for a background pass now and then,
    // and top up when due.
    private void AfterCommit(int writes)
    {
        if (_topUpDue)
        {
            _topUpDue = false;
            _ = Checkpoint(_writer, "writer");
        }

        _writesSinceRequest += writes;
        long now = Stopwatch.GetTimestamp();
        var since = Stopwatch.GetElapsedTime(_lastCheckpointRequest, now);
        if ((since >= CheckpointInterval && _writesSinceRequest >= MinimumWrites) || since >= IdleInterval)
        {
            _lastCheckpointRequest = now;
            _writesSinceRequest = 0;
            _checkpointRequested.Release();
        }
    }

    private void CheckpointLoop()
    {
        while (true)
        {
            _checkpointRequested.Wait();
            // Requests that piled up during the last pass are served by the next one.
            while (_checkpointRequested.CurrentCount > 0)
            {
                _checkpointRequested.Wait(0);
            }

            if (_stopCheckpoints)
            {
                return;
            }

            TaskCompletionSource? waiters;
            lock (_checkpointGate)
            {
                waiters = _checkpointWaiters;
                _checkpointWaiters = null;
            }

            var (log, copied) = Checkpoint(_checkpointConnection!, "background");
            CheckpointPasses++;
            // Passes back to back copy what the writer appended during the previous one, until little
            // is left: the writer's top-up then copies a few hundred pages, not a pass's worth.
            for (int pass = 1; pass < CatchUpPasses && log >= TopUpFrames && log - copied > TopUpRemainder; pass++)
            {
                (log, copied) = Checkpoint(_checkpointConnection!, "background");
                CheckpointPasses++;
            }

            _topUpDue = log >= TopUpFrames;
            waiters?.TrySetResult();
        }
    }

    // A passive checkpoint on the connection given: the WAL's length and how much of it is now in the
    // database, in pages (zeros on failure: a busy or failed checkpoint is retried by the next
    // request, and the backstop covers the rest).
    private static (int Log, int Copied) Checkpoint(SqliteConnection connection, string by)
    {
        long started = Stopwatch.GetTimestamp();
        int rc = raw.sqlite3_wal_checkpoint_v2(connection.Handle, "main", raw.SQLITE_CHECKPOINT_PASSIVE, out int log, out int copied);
        JournalMetrics.CheckpointDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("by", by));
        return rc == raw.SQLITE_OK ? (log, copied) : (0, 0);
    }
}
