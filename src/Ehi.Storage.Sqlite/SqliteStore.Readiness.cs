using Ehi.Core.Handling;
using Ehi.Processing.Journal;

namespace Ehi.Storage.Sqlite;

/// <summary>Readiness: a small durable write through the same writer as the messages, so a full
/// disk, a read-only or immutable file, or a stuck writer all show as not ready.</summary>
public sealed partial class SqliteStore : IReadinessProbe
{
    /// <inheritdoc />
    public string Name => "journal";

    /// <inheritdoc />
    public async ValueTask<ReadinessResult> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EnqueueAsync((connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = """
                    CREATE TABLE IF NOT EXISTS readiness_probe (id INTEGER PRIMARY KEY CHECK (id = 1), probed_at TEXT NOT NULL);
                    INSERT INTO readiness_probe (id, probed_at) VALUES (1, $at) ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at;
                    """;
                command.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                return command.ExecuteNonQuery();
            }).WaitAsync(cancellationToken).ConfigureAwait(false);
            return new ReadinessResult(true, $"{Path} is writable ({Commits} commits)");
        }
        catch (JournalUnavailableException ex)
        {
            return new ReadinessResult(false, $"{Path} cannot be written: {ex.InnerException?.Message ?? ex.Message}");
        }
    }
}
