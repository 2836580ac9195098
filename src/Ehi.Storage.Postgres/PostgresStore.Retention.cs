using Ehi.Processing.Journal;
using Ehi.Processing.Storage;
using Npgsql;

namespace Ehi.Storage.Postgres;

/// <summary>Retention (<c>ehi journal archive</c>): each batch is read on a pooled connection and
/// removed in its own short transaction, so the hosts' message transactions never wait on more
/// than one batch's row locks.</summary>
public sealed partial class PostgresStore
{
    // The archivable rule, for the message aliased m: every row of its TXn_ID is older than the
    // cut-off, and no open hold belongs to it (the hold it opened, or one of its card's lifecycle).
    private const string ArchivableMessage = """
        m.received_at < $2
        AND NOT EXISTS (SELECT 1 FROM messages o WHERE o.txn_id = m.txn_id AND o.received_at >= $2)
        AND NOT EXISTS (SELECT 1 FROM holds h WHERE h.txn_id = m.txn_id AND h.open)
        AND NOT EXISTS (SELECT 1 FROM holds h WHERE m.lifecycle IS NOT NULL AND h.token = m.token AND h.lifecycle = m.lifecycle AND h.open)
        """;

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Archivable<JournalEntry>>> ArchivableMessagesAsync(DateTimeOffset before, long after, int limit, CancellationToken cancellationToken) =>
        await ReadBatchAsync(
            $"SELECT {EntryColumns}, seq FROM messages m WHERE m.seq > $1 AND {ArchivableMessage} ORDER BY m.seq LIMIT $3",
            before,
            after,
            limit,
            r => new Archivable<JournalEntry>(r.GetInt64(29), r.GetInt64(0), ReadEntry(r)),
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Archivable<CutOffRecord>>> ArchivableCutOffsAsync(DateTimeOffset before, long after, int limit, CancellationToken cancellationToken) =>
        await ReadBatchAsync(
            $"SELECT {CutOffColumns} FROM cutoffs WHERE cutoff_id > $1 AND received_at < $2 ORDER BY cutoff_id LIMIT $3",
            before,
            after,
            limit,
            r => new Archivable<CutOffRecord>(r.GetInt64(0), 0, ReadCutOff(r)),
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Archivable<RejectedMessage>>> ArchivableRejectedAsync(DateTimeOffset before, long after, int limit, CancellationToken cancellationToken) =>
        await ReadBatchAsync(
            $"SELECT {RejectedColumns}, seq FROM rejected WHERE seq > $1 AND received_at < $2 ORDER BY seq LIMIT $3",
            before,
            after,
            limit,
            r => new Archivable<RejectedMessage>(r.GetInt64(8), 0, ReadRejected(r)),
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<int> RemoveAsync(ArchiveTable table, DateTimeOffset before, IReadOnlyList<long> rows, CancellationToken cancellationToken) =>
        await RunAsync(
            async (connection, transaction) =>
            {
                // Checked again at removal: a committed row of the TXn_ID that is not in this batch (a
                // Thredd decision notification that came meanwhile) keeps them all. Holds need no
                // second look: a closed hold never reopens, and a hold opened since in the same
                // lifecycle is a new message's, which the archived rows were not needed for.
                string sql = table switch
                {
                    ArchiveTable.Messages => """
                        DELETE FROM messages m
                        WHERE m.seq = ANY($1) AND m.received_at < $2
                          AND NOT EXISTS (SELECT 1 FROM messages o WHERE o.txn_id = m.txn_id AND NOT (o.seq = ANY($1)))
                        """,
                    ArchiveTable.CutOffs => "DELETE FROM cutoffs WHERE cutoff_id = ANY($1) AND received_at < $2",
                    _ => "DELETE FROM rejected WHERE seq = ANY($1) AND received_at < $2",
                };
                await using var delete = new NpgsqlCommand(sql, connection, transaction);
                delete.Parameters.Add(new() { Value = rows.ToArray() });
                delete.Parameters.Add(new() { Value = Utc(before) });
                int removed = await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return removed;
            },
            cancellationToken).ConfigureAwait(false);

    private async Task<IReadOnlyList<Archivable<T>>> ReadBatchAsync<T>(string sql, DateTimeOffset before, long after, int limit, Func<NpgsqlDataReader, Archivable<T>> read, CancellationToken cancellationToken) =>
        await ReadAsync(
            async connection =>
            {
                await using var command = new NpgsqlCommand(sql, connection);
                command.Parameters.Add(new() { Value = after });
                command.Parameters.Add(new() { Value = Utc(before) });
                command.Parameters.Add(new() { Value = (long)limit });
                var rows = new List<Archivable<T>>();
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(read(reader));
                }

                return rows;
            },
            cancellationToken).ConfigureAwait(false);
}
