using System.Runtime.CompilerServices;
using System.Text.Json;
using Ehi.Core.Classification;
using Ehi.Core.Messages;
using Ehi.Processing.Journal;
using Microsoft.Data.Sqlite;

namespace Ehi.Storage.Sqlite;

/// <summary>Cut-Offs, their counts, and refused bodies.</summary>
public sealed partial class SqliteStore
{
    /// <inheritdoc />
    public ValueTask<StoredAnswer?> FindCutOffAnswerAsync(long cutOffId, CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT answer, answer_content_type FROM cutoffs WHERE cutoff_id = $id";
        command.Parameters.AddWithValue("$id", cutOffId);
        using var reader = command.ExecuteReader();
        return ValueTask.FromResult(reader.Read() ? new StoredAnswer((byte[])reader[0], reader.GetString(1)) : null);
    }

    /// <inheritdoc />
    public ValueTask<CutOffCounts> CountAsync(long firstTxnId, long lastTxnId, CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        // A TXn_ID counts once however often it arrived (Thredd's decision notification reuses it).
        command.CommandText = """
            SELECT category, acknowledged, COUNT(DISTINCT txn_id) FROM messages
            WHERE txn_id BETWEEN $first AND $last GROUP BY category, acknowledged
            """;
        command.Parameters.AddWithValue("$first", firstTxnId);
        command.Parameters.AddWithValue("$last", lastTxnId);
        var counts = new Dictionary<(CutOffCategory, bool), long>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                counts[(Enum.Parse<CutOffCategory>(reader.GetString(0)), reader.GetInt64(1) == 1)] = reader.GetInt64(2);
            }
        }

        AckCount Of(CutOffCategory category) => new(counts.GetValueOrDefault((category, true)), counts.GetValueOrDefault((category, false)));
        return ValueTask.FromResult(new CutOffCounts(Of(CutOffCategory.Auths), Of(CutOffCategory.Financials), Of(CutOffCategory.LoadsUnloads), Of(CutOffCategory.BalanceAdjustExpiry)));
    }

    /// <inheritdoc />
    public async ValueTask<AppendOutcome> AppendCutOffAsync(CutOffRecord record, CancellationToken cancellationToken) =>
        await EnqueueAsync((connection, transaction) =>
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO cutoffs (cutoff_id, product_id, first_txn, last_txn, reported, counted, differences, body, answer, answer_content_type, received_at)
                VALUES ($id, $product, $first, $last, $reported, $counted, $differences, $body, $answer, $answerType, $received)
                ON CONFLICT (cutoff_id) DO NOTHING
                """;
            var p = insert.Parameters;
            p.AddWithValue("$id", record.CutOffId);
            p.AddWithValue("$product", Db(record.ProductId));
            p.AddWithValue("$first", record.FirstTransactionId);
            p.AddWithValue("$last", record.LastTransactionId);
            p.AddWithValue("$reported", JsonSerializer.Serialize(record.Reported, JournalJsonContext.Default.CutOffCounts));
            p.AddWithValue("$counted", JsonSerializer.Serialize(record.Counted, JournalJsonContext.Default.CutOffCounts));
            p.AddWithValue("$differences", JsonSerializer.Serialize([.. record.Differences], JournalJsonContext.Default.ListString));
            p.AddWithValue("$body", record.Body.ToArray());
            p.AddWithValue("$answer", record.Answer.Body.ToArray());
            p.AddWithValue("$answerType", record.Answer.ContentType);
            p.AddWithValue("$received", Time(record.ReceivedAt));
            if (insert.ExecuteNonQuery() == 1)
            {
                return new AppendOutcome(true, record.Answer);
            }

            using var select = connection.CreateCommand();
            select.Transaction = transaction;
            select.CommandText = "SELECT answer, answer_content_type FROM cutoffs WHERE cutoff_id = $id";
            select.Parameters.AddWithValue("$id", record.CutOffId);
            using var reader = select.ExecuteReader();
            reader.Read();
            return new AppendOutcome(false, new StoredAnswer((byte[])reader[0], reader.GetString(1)));
        }).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask RecordRejectedAsync(RejectedMessage rejected, CancellationToken cancellationToken) =>
        await EnqueueAsync((connection, transaction) =>
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO rejected (received_at, problem_type, detail, body, content_type, traceparent, client_thumbprint, remote_address)
                VALUES ($received, $type, $detail, $body, $contentType, $traceparent, $thumbprint, $remote)
                """;
            var p = insert.Parameters;
            p.AddWithValue("$received", Time(rejected.ReceivedAt));
            p.AddWithValue("$type", rejected.ProblemType);
            p.AddWithValue("$detail", rejected.Detail);
            p.AddWithValue("$body", rejected.Body.ToArray());
            p.AddWithValue("$contentType", Db(rejected.ContentType));
            p.AddWithValue("$traceparent", Db(rejected.TraceParent));
            p.AddWithValue("$thumbprint", Db(rejected.ClientThumbprint));
            p.AddWithValue("$remote", Db(rejected.RemoteAddress));
            return insert.ExecuteNonQuery();
        }).ConfigureAwait(false);

    /// <inheritdoc />
    public async IAsyncEnumerable<CutOffRecord> ListCutOffsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {CutOffColumns} FROM cutoffs ORDER BY received_at";
        using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ReadCutOff(r);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RejectedMessage> ListRejectedAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {RejectedColumns} FROM rejected ORDER BY seq";
        using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ReadRejected(r);
        }
    }

    private const string CutOffColumns = "cutoff_id, product_id, first_txn, last_txn, reported, counted, differences, body, answer, answer_content_type, received_at";

    private const string RejectedColumns = "received_at, problem_type, detail, body, content_type, traceparent, client_thumbprint, remote_address";

    private static CutOffRecord ReadCutOff(SqliteDataReader r) => new(
        r.GetInt64(0),
        r.IsDBNull(1) ? null : r.GetInt64(1),
        r.GetInt64(2),
        r.GetInt64(3),
        JsonSerializer.Deserialize(r.GetString(4), JournalJsonContext.Default.CutOffCounts) ?? EmptyCounts(),
        JsonSerializer.Deserialize(r.GetString(5), JournalJsonContext.Default.CutOffCounts) ?? EmptyCounts(),
        JsonSerializer.Deserialize(r.GetString(6), JournalJsonContext.Default.ListString) ?? [],
        (byte[])r[7],
        new StoredAnswer((byte[])r[8], r.GetString(9)),
        Time(r.GetString(10)));

    private static RejectedMessage ReadRejected(SqliteDataReader r) =>
        new(Time(r.GetString(0)), r.GetString(1), r.GetString(2), (byte[])r[3], r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6))
        {
            RemoteAddress = r.IsDBNull(7) ? null : r.GetString(7),
        };
}
