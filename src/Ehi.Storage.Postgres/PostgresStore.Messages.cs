using System.Runtime.CompilerServices;
using Ehi.Core.Classification;
using Ehi.Processing.Journal;
using Ehi.Processing.Ledger;
using Ehi.Processing.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Ehi.Storage.Postgres;

/// <summary>Messages: the message transaction, look-ups, late decisions, listing.</summary>
public sealed partial class PostgresStore
{
    private const string EntryColumns = "txn_id, variant, kind, mtid, txn_type, proc_code, token, lifecycle, trans_link, product_id, sending_attempt, flavour, received_at, elapsed_us, body, content_type, answer, answer_content_type, acknowledged, response_status, decision, decided_by, reconciliation, late_decision, traceparent, client_thumbprint, effect, remote_address, posting_legs";

    private const string AnswerQuery = "SELECT answer, answer_content_type FROM messages WHERE txn_id = $1 AND variant = $2";

    /// <inheritdoc />
    public async ValueTask<StoredAnswer?> FindAnswerAsync(JournalKey key, CancellationToken cancellationToken) =>
        await ReadAsync(connection => ReadAnswerAsync(connection, key, cancellationToken), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<JournalEntry?> FindEntryAsync(JournalKey key, CancellationToken cancellationToken) =>
        await ReadAsync(
            async connection =>
            {
                await using var command = new NpgsqlCommand($"SELECT {EntryColumns} FROM messages WHERE txn_id = $1 AND variant = $2", connection);
                command.Parameters.Add(new() { Value = key.TxnId });
                command.Parameters.Add(new() { Value = Variant(key) });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadEntry(reader) : null;
            },
            cancellationToken).ConfigureAwait(false);

    // One message in its own transaction: what a group of one runs, and what every message of a
    // group falls back to when the group's transaction fails.
    private async Task<AppendOutcome> CommitOneAsync(MessageUnit unit, CancellationToken cancellationToken, bool rehearse = false) =>
        await RunAsync(
            async (connection, transaction) =>
            {
                // Two round trips. The first locks the card row and then looks for the key: a copy of
                // this message on another host that got the lock before us has committed by then and
                // is seen. The second writes the entry first, then the ledger effects, then commits;
                // its answer arrives once the commit is durable.
                LedgerSnapshot snapshot;
                var reads = new NpgsqlBatch(connection);
                await using (reads.ConfigureAwait(false))
                {
                    var layout = PostgresLedgerRows.AddReads(reads, unit.Reads, forUpdate: true);
                    reads.BatchCommands.Add(AnswerCommand(unit.Key));
                    var r = await reads.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (r.ConfigureAwait(false))
                    {
                        snapshot = await PostgresLedgerRows.ReadSnapshotAsync(r, layout, cancellationToken).ConfigureAwait(false);
                        if (await ReadAnswerAsync(r, cancellationToken).ConfigureAwait(false) is { } existing)
                        {
                            await r.DisposeAsync().ConfigureAwait(false);
                            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                            return new AppendOutcome(false, existing);
                        }
                    }
                }

                var commit = unit.Build(snapshot);
                var writes = new NpgsqlBatch(connection);
                await using (writes.ConfigureAwait(false))
                {
                    AddInsert(writes, commit.Entry);
                    PostgresLedgerRows.AddWrites(writes, commit.Effects);
                    if (!rehearse)
                    {
                        writes.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
                    }

                    try
                    {
                        await writes.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName == "messages_key")
                    {
                        // Another host inserted the key while we decided (a message without a card
                        // locks nothing): nothing of ours was applied, theirs is the answer.
                        await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                        return new AppendOutcome(false, (await ReadAnswerAsync(connection, unit.Key, cancellationToken).ConfigureAwait(false))!);
                    }
                }

                if (rehearse)
                {
                    await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                }

                return new AppendOutcome(true, commit.Entry.Answer);
            },
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask RecordLateDecisionAsync(JournalKey key, string lateDecision, CancellationToken cancellationToken) =>
        await ReadAsync(
            async connection =>
            {
                await using var command = new NpgsqlCommand("UPDATE messages SET late_decision = $1 WHERE txn_id = $2 AND variant = $3 AND late_decision IS NULL", connection);
                command.Parameters.Add(new() { Value = lateDecision });
                command.Parameters.Add(new() { Value = key.TxnId });
                command.Parameters.Add(new() { Value = Variant(key) });
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async IAsyncEnumerable<JournalEntry> ListAsync(JournalQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var where = new List<string>();
        var command = new NpgsqlCommand();
        await using var _ = command.ConfigureAwait(false);
        void Filter(string column, string op, object value)
        {
            command.Parameters.Add(new() { Value = value });
            where.Add($"{column} {op} ${command.Parameters.Count}");
        }

        if (query.TxnId is { } txn)
        {
            Filter("txn_id", "=", txn);
        }

        if (query.Token is { } token)
        {
            Filter("token", "=", token);
        }

        if (query.Lifecycle is { } lifecycle)
        {
            Filter("lifecycle", "=", lifecycle);
        }

        if (query.Since is { } since)
        {
            Filter("received_at", ">=", Utc(since));
        }

        if (query.Until is { } until)
        {
            Filter("received_at", "<", Utc(until));
        }

        command.Parameters.Add(new() { Value = (long)query.Limit });
        command.CommandText = $"SELECT {EntryColumns} FROM messages {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : string.Empty)} ORDER BY seq LIMIT ${command.Parameters.Count}";
        NpgsqlConnection connection;
        try
        {
            connection = await _data.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Unavailable(ex))
        {
            throw Lost(ex);
        }

        await using (connection.ConfigureAwait(false))
        {
            command.Connection = connection;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return ReadEntry(reader);
            }
        }
    }

    private static async Task<StoredAnswer?> ReadAnswerAsync(NpgsqlConnection connection, JournalKey key, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { AnswerCommand(key) } };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAnswerAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<StoredAnswer?> ReadAnswerAsync(NpgsqlDataReader reader, CancellationToken cancellationToken) =>
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new StoredAnswer(reader.GetFieldValue<byte[]>(0), reader.GetString(1)) : null;

    private static NpgsqlBatchCommand AnswerCommand(JournalKey key)
    {
        var command = new NpgsqlBatchCommand(AnswerQuery);
        command.Parameters.Add(new() { Value = key.TxnId });
        command.Parameters.Add(new() { Value = Variant(key) });
        return command;
    }

    private static NpgsqlBatchCommand AddInsert(NpgsqlBatch batch, JournalEntry entry)
    {
        var insert = new NpgsqlBatchCommand($"""
            INSERT INTO messages ({EntryColumns}, category)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30)
            """);
        var p = insert.Parameters;
        p.Add(new() { Value = entry.Key.TxnId });
        p.Add(new() { Value = Variant(entry.Key) });
        p.Add(new() { Value = entry.Kind.ToString() });
        p.Add(Text(entry.Mtid));
        p.Add(Text(entry.TxnType));
        p.Add(Text(entry.ProcCode));
        p.Add(new() { Value = Db(entry.Token), NpgsqlDbType = NpgsqlDbType.Bigint });
        p.Add(Text(entry.Lifecycle));
        p.Add(Text(entry.TransLink));
        p.Add(new() { Value = Db(entry.ProductId), NpgsqlDbType = NpgsqlDbType.Bigint });
        p.Add(new() { Value = Db(entry.SendingAttempt), NpgsqlDbType = NpgsqlDbType.Integer });
        p.Add(new() { Value = entry.Flavour });
        p.Add(new() { Value = Utc(entry.ReceivedAt) });
        p.Add(new() { Value = entry.ElapsedMicroseconds });
        p.Add(new() { Value = entry.Body.ToArray() });
        p.Add(Text(entry.ContentType));
        p.Add(new() { Value = entry.Answer.Body.ToArray() });
        p.Add(new() { Value = entry.Answer.ContentType });
        p.Add(new() { Value = entry.Acknowledged });
        p.Add(Text(entry.ResponseStatus));
        p.Add(new() { Value = entry.Decision.ToString() });
        p.Add(Text(entry.DecidedBy));
        p.Add(Text(entry.Reconciliation));
        p.Add(Text(entry.LateDecision));
        p.Add(Text(entry.TraceParent));
        p.Add(Text(entry.ClientThumbprint));
        p.Add(Text(entry.Effect));
        p.Add(Text(entry.RemoteAddress));
        p.Add(new() { Value = Db(entry.PostingLegs), NpgsqlDbType = NpgsqlDbType.Integer });
        p.Add(new() { Value = MessageClassifier.CategoryOf(entry.Kind).ToString() });
        batch.BatchCommands.Add(insert);
        return insert;
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = Db(value), NpgsqlDbType = NpgsqlDbType.Text };

    private static short Variant(JournalKey key) => key.ThreddDecision ? (short)1 : (short)0;

    private static JournalEntry ReadEntry(NpgsqlDataReader r) => new()
    {
        Key = new JournalKey(r.GetInt64(0), r.GetInt16(1) == 1),
        Kind = Enum.Parse<MessageKind>(r.GetString(2)),
        Mtid = r.IsDBNull(3) ? null : r.GetString(3),
        TxnType = r.IsDBNull(4) ? null : r.GetString(4),
        ProcCode = r.IsDBNull(5) ? null : r.GetString(5),
        Token = r.IsDBNull(6) ? null : r.GetInt64(6),
        Lifecycle = r.IsDBNull(7) ? null : r.GetString(7),
        TransLink = r.IsDBNull(8) ? null : r.GetString(8),
        ProductId = r.IsDBNull(9) ? null : r.GetInt64(9),
        SendingAttempt = r.IsDBNull(10) ? null : r.GetInt32(10),
        Flavour = r.GetString(11),
        ReceivedAt = r.GetFieldValue<DateTimeOffset>(12),
        ElapsedMicroseconds = r.GetInt64(13),
        Body = r.GetFieldValue<byte[]>(14),
        ContentType = r.IsDBNull(15) ? null : r.GetString(15),
        Answer = new StoredAnswer(r.GetFieldValue<byte[]>(16), r.GetString(17)),
        Acknowledged = r.GetBoolean(18),
        ResponseStatus = r.IsDBNull(19) ? null : r.GetString(19),
        Decision = Enum.Parse<Decision>(r.GetString(20)),
        DecidedBy = r.IsDBNull(21) ? null : r.GetString(21),
        Reconciliation = r.IsDBNull(22) ? null : r.GetString(22),
        LateDecision = r.IsDBNull(23) ? null : r.GetString(23),
        TraceParent = r.IsDBNull(24) ? null : r.GetString(24),
        ClientThumbprint = r.IsDBNull(25) ? null : r.GetString(25),
        Effect = r.IsDBNull(26) ? null : r.GetString(26),
        RemoteAddress = r.IsDBNull(27) ? null : r.GetString(27),
        PostingLegs = r.IsDBNull(28) ? null : r.GetInt32(28),
    };
}
