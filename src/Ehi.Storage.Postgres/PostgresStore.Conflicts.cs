using System.Runtime.CompilerServices;
using System.Text.Json;
using Ehi.Processing.Journal;
using Npgsql;
using NpgsqlTypes;

namespace Ehi.Storage.Postgres;

/// <summary>TXn_ID content conflicts: one insert each (durable on return), listed by time.</summary>
public sealed partial class PostgresStore
{
    /// <inheritdoc />
    public async ValueTask RecordConflictAsync(TxnConflict conflict, CancellationToken cancellationToken) =>
        await ReadAsync(connection => InsertConflictAsync(connection, conflict, cancellationToken), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async IAsyncEnumerable<TxnConflict> ListConflictsAsync(DateTimeOffset? since, int limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(
            async connection =>
            {
                var list = new List<TxnConflict>();
                await using var command = new NpgsqlCommand(
                    "SELECT txn_id, variant, detected_at, flavour, sending_attempt, differences::text, body, content_type, remote_address FROM conflicts WHERE $1::timestamptz IS NULL OR detected_at >= $1 ORDER BY seq LIMIT $2",
                    connection);
                command.Parameters.Add(new() { Value = since is { } from ? Utc(from) : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
                command.Parameters.Add(new() { Value = (long)limit });
                await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    list.Add(new TxnConflict
                    {
                        Key = new JournalKey(r.GetInt64(0), r.GetInt16(1) == 1),
                        DetectedAt = r.GetFieldValue<DateTimeOffset>(2),
                        Flavour = r.GetString(3),
                        SendingAttempt = r.IsDBNull(4) ? null : r.GetInt32(4),
                        Differences = JsonSerializer.Deserialize(r.GetString(5), PostgresJsonContext.Default.IReadOnlyListFieldDifference) ?? [],
                        Body = r.GetFieldValue<byte[]>(6),
                        ContentType = r.IsDBNull(7) ? null : r.GetString(7),
                        RemoteAddress = r.IsDBNull(8) ? null : r.GetString(8),
                    });
                }

                return list;
            },
            cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            yield return row;
        }
    }

    private static async Task<int> InsertConflictAsync(NpgsqlConnection connection, TxnConflict conflict, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO conflicts (txn_id, variant, detected_at, flavour, sending_attempt, differences, body, content_type, remote_address)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, connection);
        var p = insert.Parameters;
        p.Add(new() { Value = conflict.Key.TxnId });
        p.Add(new() { Value = Variant(conflict.Key) });
        p.Add(new() { Value = Utc(conflict.DetectedAt) });
        p.Add(new() { Value = conflict.Flavour });
        p.Add(new() { Value = Db(conflict.SendingAttempt), NpgsqlDbType = NpgsqlDbType.Integer });
        p.Add(new() { Value = JsonSerializer.Serialize(conflict.Differences, PostgresJsonContext.Default.IReadOnlyListFieldDifference), NpgsqlDbType = NpgsqlDbType.Jsonb });
        p.Add(new() { Value = conflict.Body.ToArray() });
        p.Add(Text(conflict.ContentType));
        p.Add(Text(conflict.RemoteAddress));
        return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
