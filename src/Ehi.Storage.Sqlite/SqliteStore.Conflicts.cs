using System.Runtime.CompilerServices;
using System.Text.Json;
using Ehi.Processing.Journal;

namespace Ehi.Storage.Sqlite;

/// <summary>TXn_ID content conflicts: recorded through the writer (durable on return), listed by time.</summary>
public sealed partial class SqliteStore
{
    /// <inheritdoc />
    public async ValueTask RecordConflictAsync(TxnConflict conflict, CancellationToken cancellationToken) =>
        await EnqueueAsync((connection, transaction) =>
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO conflicts (txn_id, variant, detected_at, flavour, sending_attempt, differences, body, content_type, remote_address)
                VALUES ($txn, $variant, $at, $flavour, $attempt, $differences, $body, $contentType, $remote)
                """;
            var p = insert.Parameters;
            p.AddWithValue("$txn", conflict.Key.TxnId);
            p.AddWithValue("$variant", conflict.Key.ThreddDecision ? 1 : 0);
            p.AddWithValue("$at", Time(conflict.DetectedAt));
            p.AddWithValue("$flavour", conflict.Flavour);
            p.AddWithValue("$attempt", Db(conflict.SendingAttempt));
            p.AddWithValue("$differences", JsonSerializer.Serialize(conflict.Differences, JournalJsonContext.Default.IReadOnlyListFieldDifference));
            p.AddWithValue("$body", conflict.Body.ToArray());
            p.AddWithValue("$contentType", Db(conflict.ContentType));
            p.AddWithValue("$remote", Db(conflict.RemoteAddress));
            return insert.ExecuteNonQuery();
        }).ConfigureAwait(false);

    /// <inheritdoc />
    public async IAsyncEnumerable<TxnConflict> ListConflictsAsync(DateTimeOffset? since, int limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT txn_id, variant, detected_at, flavour, sending_attempt, differences, body, content_type, remote_address
            FROM conflicts {(since is null ? string.Empty : "WHERE detected_at >= $since")} ORDER BY seq LIMIT $limit
            """;
        if (since is { } from)
        {
            command.Parameters.AddWithValue("$since", Time(from));
        }

        command.Parameters.AddWithValue("$limit", limit);
        using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new TxnConflict
            {
                Key = new JournalKey(r.GetInt64(0), r.GetInt64(1) == 1),
                DetectedAt = Time(r.GetString(2)),
                Flavour = r.GetString(3),
                SendingAttempt = r.IsDBNull(4) ? null : r.GetInt32(4),
                Differences = JsonSerializer.Deserialize(r.GetString(5), JournalJsonContext.Default.IReadOnlyListFieldDifference) ?? [],
                Body = (byte[])r[6],
                ContentType = r.IsDBNull(7) ? null : r.GetString(7),
                RemoteAddress = r.IsDBNull(8) ? null : r.GetString(8),
            };
        }
    }
}
