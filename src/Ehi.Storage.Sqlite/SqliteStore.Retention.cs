using System.Text.Json;
using Ehi.Processing.Journal;
using Ehi.Processing.Storage;
using Microsoft.Data.Sqlite;

namespace Ehi.Storage.Sqlite;

/// <summary>Retention (<c>ehi journal archive</c>): reads on their own connections (a WAL snapshot
/// each, never blocking the server), removals through this process's writer, one bounded
/// transaction per batch, so the server's writer waits at most one batch (its busy timeout covers it).</summary>
public sealed partial class SqliteStore
{
    // The archivable rule, for the message aliased m: every row of its TXn_ID is older than the
    // cut-off, and no open hold belongs to it (the hold it opened, or one of its card's lifecycle).
    private const string OpenHoldOf = """
        NOT EXISTS (SELECT 1 FROM holds h WHERE h.txn_id = m.txn_id AND h.open = 1)
        AND NOT EXISTS (SELECT 1 FROM holds h WHERE m.lifecycle IS NOT NULL AND h.token = m.token AND h.lifecycle = m.lifecycle AND h.open = 1)
        """;

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Archivable<JournalEntry>>> ArchivableMessagesAsync(DateTimeOffset before, long after, int limit, CancellationToken cancellationToken) =>
        ReadBatch(
            $"""
            SELECT {EntryColumns}, seq FROM messages m
            WHERE m.seq > $after AND m.received_at < $before
              AND NOT EXISTS (SELECT 1 FROM messages o WHERE o.txn_id = m.txn_id AND o.received_at >= $before)
              AND {OpenHoldOf}
            ORDER BY m.seq LIMIT $limit
            """,
            before,
            after,
            limit,
            r => new Archivable<JournalEntry>(r.GetInt64(29), r.GetInt64(0), ReadEntry(r)));

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Archivable<CutOffRecord>>> ArchivableCutOffsAsync(DateTimeOffset before, long after, int limit, CancellationToken cancellationToken) =>
        ReadBatch(
            $"SELECT {CutOffColumns} FROM cutoffs WHERE cutoff_id > $after AND received_at < $before ORDER BY cutoff_id LIMIT $limit",
            before,
            after,
            limit,
            r => new Archivable<CutOffRecord>(r.GetInt64(0), 0, ReadCutOff(r)));

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Archivable<RejectedMessage>>> ArchivableRejectedAsync(DateTimeOffset before, long after, int limit, CancellationToken cancellationToken) =>
        ReadBatch(
            $"SELECT {RejectedColumns}, seq FROM rejected WHERE seq > $after AND received_at < $before ORDER BY seq LIMIT $limit",
            before,
            after,
            limit,
            r => new Archivable<RejectedMessage>(r.GetInt64(8), 0, ReadRejected(r)));

    /// <inheritdoc />
    public async ValueTask<int> RemoveAsync(ArchiveTable table, DateTimeOffset before, IReadOnlyList<long> rows, CancellationToken cancellationToken) =>
        await EnqueueAsync((connection, transaction) =>
        {
            using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = table switch
            {
                // Checked again inside the write: a row of the TXn_ID that is not in this batch (a
                // Thredd decision notification that came meanwhile) keeps them all. Holds need no
                // second look: a closed hold never reopens, and a hold opened since in the same
                // lifecycle is a new message's, which the archived rows were not needed for.
                ArchiveTable.Messages => """
                    DELETE FROM messages AS m
                    WHERE m.seq IN (SELECT value FROM json_each($rows)) AND m.received_at < $before
                      AND NOT EXISTS (SELECT 1 FROM messages o WHERE o.txn_id = m.txn_id AND o.seq NOT IN (SELECT value FROM json_each($rows)))
                    """,
                ArchiveTable.CutOffs => "DELETE FROM cutoffs WHERE cutoff_id IN (SELECT value FROM json_each($rows)) AND received_at < $before",
                _ => "DELETE FROM rejected WHERE seq IN (SELECT value FROM json_each($rows)) AND received_at < $before",
            };
            delete.Parameters.AddWithValue("$rows", JsonSerializer.Serialize(rows, JournalJsonContext.Default.IReadOnlyListInt64));
            delete.Parameters.AddWithValue("$before", Time(before));
            return delete.ExecuteNonQuery();
        }).ConfigureAwait(false);

    private ValueTask<IReadOnlyList<Archivable<T>>> ReadBatch<T>(string sql, DateTimeOffset before, long after, int limit, Func<SqliteDataReader, Archivable<T>> read)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$before", Time(before));
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$limit", limit);
        var rows = new List<Archivable<T>>();
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(read(reader));
            }
        }
        catch (SqliteException ex)
        {
            throw new JournalUnavailableException("the journal cannot be read: " + ex.Message, ex);
        }

        return ValueTask.FromResult<IReadOnlyList<Archivable<T>>>(rows);
    }
}
