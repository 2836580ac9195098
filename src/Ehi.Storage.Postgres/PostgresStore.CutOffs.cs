using System.Runtime.CompilerServices;
using System.Text.Json;
using Ehi.Core.Classification;
using Ehi.Core.Messages;
using Ehi.Processing.Journal;
using Npgsql;
using NpgsqlTypes;

namespace Ehi.Storage.Postgres;

/// <summary>Cut-Offs, their counts, and refused bodies.</summary>
public sealed partial class PostgresStore
{
    /// <inheritdoc />
    public async ValueTask<StoredAnswer?> FindCutOffAnswerAsync(long cutOffId, CancellationToken cancellationToken) =>
        await ReadAsync(connection => CutOffAnswerAsync(connection, cutOffId, cancellationToken), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<CutOffCounts> CountAsync(long firstTxnId, long lastTxnId, CancellationToken cancellationToken) =>
        await ReadAsync(
            async connection =>
            {
                // A TXn_ID counts once however often it arrived (Thredd's decision notification reuses it).
                await using var command = new NpgsqlCommand("""
                    SELECT category, acknowledged, COUNT(DISTINCT txn_id) FROM messages
                    WHERE txn_id BETWEEN $1 AND $2 GROUP BY category, acknowledged
                    """, connection);
                command.Parameters.Add(new() { Value = firstTxnId });
                command.Parameters.Add(new() { Value = lastTxnId });
                var counts = new Dictionary<(CutOffCategory, bool), long>();
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        counts[(Enum.Parse<CutOffCategory>(reader.GetString(0)), reader.GetBoolean(1))] = reader.GetInt64(2);
                    }
                }

                AckCount Of(CutOffCategory category) => new(counts.GetValueOrDefault((category, true)), counts.GetValueOrDefault((category, false)));
                return new CutOffCounts(Of(CutOffCategory.Auths), Of(CutOffCategory.Financials), Of(CutOffCategory.LoadsUnloads), Of(CutOffCategory.BalanceAdjustExpiry));
            },
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<AppendOutcome> AppendCutOffAsync(CutOffRecord record, CancellationToken cancellationToken) =>
        await RunAsync(
            async (connection, transaction) =>
            {
                bool stored = await InsertCutOffAsync(connection, transaction, record, cancellationToken).ConfigureAwait(false);
                var answer = stored ? record.Answer : (await CutOffAnswerAsync(connection, record.CutOffId, cancellationToken).ConfigureAwait(false))!;
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new AppendOutcome(stored, answer);
            },
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask RecordRejectedAsync(RejectedMessage rejected, CancellationToken cancellationToken) =>
        await ReadAsync(
            async connection =>
            {
                return await InsertRejectedAsync(connection, rejected, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async IAsyncEnumerable<CutOffRecord> ListCutOffsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(
            async connection =>
            {
                var list = new List<CutOffRecord>();
                await using var command = new NpgsqlCommand($"SELECT {CutOffColumns} FROM cutoffs ORDER BY received_at", connection);
                await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    list.Add(ReadCutOff(r));
                }

                return list;
            },
            cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            yield return row;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RejectedMessage> ListRejectedAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(
            async connection =>
            {
                var list = new List<RejectedMessage>();
                await using var command = new NpgsqlCommand($"SELECT {RejectedColumns} FROM rejected ORDER BY seq", connection);
                await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    list.Add(ReadRejected(r));
                }

                return list;
            },
            cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            yield return row;
        }
    }

    private static async Task<bool> InsertCutOffAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CutOffRecord record, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO cutoffs (cutoff_id, product_id, first_txn, last_txn, reported, counted, differences, body, answer, answer_content_type, received_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (cutoff_id) DO NOTHING
            """, connection, transaction);
        var p = insert.Parameters;
        p.Add(new() { Value = record.CutOffId });
        p.Add(new() { Value = Db(record.ProductId), NpgsqlDbType = NpgsqlDbType.Bigint });
        p.Add(new() { Value = record.FirstTransactionId });
        p.Add(new() { Value = record.LastTransactionId });
        p.Add(new() { Value = JsonSerializer.Serialize(record.Reported, PostgresJsonContext.Default.CutOffCounts), NpgsqlDbType = NpgsqlDbType.Jsonb });
        p.Add(new() { Value = JsonSerializer.Serialize(record.Counted, PostgresJsonContext.Default.CutOffCounts), NpgsqlDbType = NpgsqlDbType.Jsonb });
        p.Add(new() { Value = JsonSerializer.Serialize([.. record.Differences], PostgresJsonContext.Default.ListString), NpgsqlDbType = NpgsqlDbType.Jsonb });
        p.Add(new() { Value = record.Body.ToArray() });
        p.Add(new() { Value = record.Answer.Body.ToArray() });
        p.Add(new() { Value = record.Answer.ContentType });
        p.Add(new() { Value = Utc(record.ReceivedAt) });
        return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static async Task<int> InsertRejectedAsync(NpgsqlConnection connection, RejectedMessage rejected, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO rejected (received_at, problem_type, detail, body, content_type, traceparent, client_thumbprint, remote_address)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """, connection);
        var p = insert.Parameters;
        p.Add(new() { Value = Utc(rejected.ReceivedAt) });
        p.Add(new() { Value = rejected.ProblemType });
        p.Add(new() { Value = rejected.Detail });
        p.Add(new() { Value = rejected.Body.ToArray() });
        p.Add(Text(rejected.ContentType));
        p.Add(Text(rejected.TraceParent));
        p.Add(Text(rejected.ClientThumbprint));
        p.Add(Text(rejected.RemoteAddress));
        return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<StoredAnswer?> CutOffAnswerAsync(NpgsqlConnection connection, long cutOffId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT answer, answer_content_type FROM cutoffs WHERE cutoff_id = $1", connection);
        command.Parameters.Add(new() { Value = cutOffId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new StoredAnswer(reader.GetFieldValue<byte[]>(0), reader.GetString(1)) : null;
    }

    private const string CutOffColumns = "cutoff_id, product_id, first_txn, last_txn, reported::text, counted::text, differences::text, body, answer, answer_content_type, received_at";

    private const string RejectedColumns = "received_at, problem_type, detail, body, content_type, traceparent, client_thumbprint, remote_address";

    private static CutOffRecord ReadCutOff(NpgsqlDataReader r) => new(
        r.GetInt64(0),
        r.IsDBNull(1) ? null : r.GetInt64(1),
        r.GetInt64(2),
        r.GetInt64(3),
        JsonSerializer.Deserialize(r.GetString(4), PostgresJsonContext.Default.CutOffCounts) ?? EmptyCounts(),
        JsonSerializer.Deserialize(r.GetString(5), PostgresJsonContext.Default.CutOffCounts) ?? EmptyCounts(),
        JsonSerializer.Deserialize(r.GetString(6), PostgresJsonContext.Default.ListString) ?? [],
        r.GetFieldValue<byte[]>(7),
        new StoredAnswer(r.GetFieldValue<byte[]>(8), r.GetString(9)),
        r.GetFieldValue<DateTimeOffset>(10));

    private static RejectedMessage ReadRejected(NpgsqlDataReader r) =>
        new(r.GetFieldValue<DateTimeOffset>(0), r.GetString(1), r.GetString(2), r.GetFieldValue<byte[]>(3), r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6))
        {
            RemoteAddress = r.IsDBNull(7) ? null : r.GetString(7),
        };

    private static CutOffCounts EmptyCounts() => new(default, default, default, default);
}
