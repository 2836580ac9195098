using Ehi.Processing.Journal;

namespace Ehi.Storage.Sqlite;

/// <summary>Noticing that the journal's files were deleted or replaced under the running store.
/// SQLite keeps writing to the file it opened even after it is unlinked or renamed over, so every
/// commit would be acknowledged and then lost at the next restart. The writer compares the device
/// and inode of the database and its WAL with those it opened, before and after each group commit,
/// every reader does before it reads, and a timer does twice a second when nothing is written. Once
/// lost, the store stays lost: every write and read fails (so the processor answers "resend") and
/// <see cref="Lost"/> is cancelled, for the host to stop and be restarted.</summary>
public sealed partial class SqliteStore
{
    private readonly CancellationTokenSource _lost = new();
    private FileIdentity? _databaseIdentity;
    private FileIdentity? _walIdentity;
    private string? _lostReason;
    private Timer? _watchTimer;
    private volatile bool _closing;

    /// <summary>Cancelled when the journal's files were deleted or replaced while the store was open.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>What happened to the journal's files, once <see cref="Lost"/> is cancelled.</summary>
    public string? LostReason => Volatile.Read(ref _lostReason);

    private void WatchFiles()
    {
        _databaseIdentity = FileIdentity.Of(Path);
        _walIdentity = FileIdentity.Of(Path + "-wal");
        _watchTimer = new Timer(_ => CheckFiles(), null, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500));
    }

    private void StopWatching()
    {
        _closing = true;
        _watchTimer?.Dispose();
    }

    private JournalUnavailableException? LostError() =>
        CheckFiles() is { } reason ? new JournalUnavailableException(reason + "; nothing more is acknowledged, ehi must be restarted") : null;

    // The reason the files are no longer the ones opened, or null while they are.
    private string? CheckFiles()
    {
        if (Volatile.Read(ref _lostReason) is { } known)
        {
            return known;
        }

        if (_closing || _databaseIdentity is not { } database)
        {
            return null; // closing (the WAL goes with the last connection), or no statx here
        }

        string? reason = Changed(Path, database);
        if (reason is null && _walIdentity is { } wal)
        {
            reason = Changed(Path + "-wal", wal);
        }
        else if (reason is null)
        {
            _walIdentity = FileIdentity.Of(Path + "-wal");
        }

        if (reason is not null && Interlocked.CompareExchange(ref _lostReason, reason, null) is null)
        {
            // Not on the writer's thread: whoever listens may stop the host.
            _ = Task.Run(_lost.Cancel);
        }

        return Volatile.Read(ref _lostReason);
    }

    private static string? Changed(string path, FileIdentity opened) => FileIdentity.Of(path) switch
    {
        null => $"the journal file {path} was deleted while ehi was running",
        { } now when now != opened => $"the journal file {path} was replaced while ehi was running ({opened} is now {now})",
        _ => null,
    };
}
