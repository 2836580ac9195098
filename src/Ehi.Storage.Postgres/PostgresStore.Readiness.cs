using System.Diagnostics;
using Ehi.Core.Handling;
using Ehi.Processing.Journal;
using Npgsql;

namespace Ehi.Storage.Postgres;

/// <summary>Readiness: a durable write on the primary. Taking a transaction id and committing writes
/// and flushes a commit record (and, with a synchronous standby, waits for it), so an unreachable
/// database, a standby that has not been promoted, a full disk or a synchronous standby that is
/// gone all show as not ready, without a table of its own.</summary>
public sealed partial class PostgresStore : IReadinessProbe
{
    /// <inheritdoc />
    public string Name => "database";

    /// <inheritdoc />
    public async ValueTask<ReadinessResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            string where = await RunAsync(
                async (connection, transaction) =>
                {
                    await using var command = new NpgsqlCommand("SELECT pg_current_xact_id()", connection, transaction);
                    await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return $"{connection.Host}:{connection.Port}";
                },
                cancellationToken).ConfigureAwait(false);
            return new ReadinessResult(true, $"the primary at {where} committed a write in {clock.ElapsedMilliseconds} ms");
        }
        catch (JournalUnavailableException ex)
        {
            return new ReadinessResult(false, $"no writable primary for {Description}: {ex.InnerException?.Message ?? ex.Message}");
        }
    }
}
