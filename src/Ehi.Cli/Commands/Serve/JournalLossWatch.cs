using Ehi.Processing.Storage;
using Ehi.Storage.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ehi.Cli.Commands.Serve;

/// <summary>Stops <c>ehi serve</c> when the files of its SQLite journal were deleted or replaced
/// while it ran. The store already refuses every write and read (so each message is answered
/// "resend" and /readyz fails); this logs the error naming the path and stops the host, which drains
/// and exits non-zero, so a supervisor restarts it on a journal it can trust.</summary>
internal sealed partial class JournalLossWatch : IDisposable
{
    // Between noticing and stopping, messages already on their way get a "resend" answer rather than a
    // reset connection, and a balancer polling /readyz sees the host fail before it goes away.
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    private readonly SqliteStore? _sqlite;
    private readonly CancellationTokenRegistration _registration;

    public JournalLossWatch(IEhiStore store, IHostApplicationLifetime lifetime, ILogger logger)
    {
        if (store is SqliteStore sqlite)
        {
            _sqlite = sqlite;
            _registration = sqlite.Lost.Register(() =>
            {
                JournalLost(logger, sqlite.LostReason ?? sqlite.Path);
                _ = Task.Delay(Grace).ContinueWith(_ => lifetime.StopApplication(), TaskScheduler.Default);
            });
        }
    }

    /// <summary>What happened to the journal once it was lost (the exit must say so), else null.</summary>
    public string? Reason => _sqlite?.Lost.IsCancellationRequested == true ? _sqlite.LostReason : null;

    public void Dispose() => _registration.Dispose();

    [LoggerMessage(327, LogLevel.Error, "Journal lost: {Reason}. Every message is answered \"resend\" from now on; ehi stops in a second, drains and exits 4 so that it is restarted on a journal it can trust")]
    private static partial void JournalLost(ILogger logger, string reason);
}
