using System.Runtime.CompilerServices;
using Ehi.Core.Classification;
using Ehi.Processing.Journal;
using Ehi.Processing.Storage;
using Microsoft.Data.Sqlite;

namespace Ehi.Storage.Sqlite;

/// <summary>Messages: append with de-duplication, look-ups, late decisions, listing.</summary>
public sealed partial class SqliteStore
{
    private const string EntryColumns = "txn_id, variant, kind, mtid, txn_type, proc_code, token, lifecycle, trans_link, product_id, sending_attempt, flavour, received_at, elapsed_us, body, content_type, answer, answer_content_type, acknowledged, response_status, decision, decided_by, reconciliation, late_decision, traceparent, client_thumbprint, effect, remote_address, posting_legs";

    /// <inheritdoc />
    public ValueTask<StoredAnswer?> FindAnswerAsync(JournalKey key, CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        return ValueTask.FromResult(ReadAnswer(connection, null, key));
    }

    /// <inheritdoc />
    public ValueTask<JournalEntry?> FindEntryAsync(JournalKey key, CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {EntryColumns} FROM messages WHERE txn_id = $t AND variant = $v";
        command.Parameters.AddWithValue("$t", key.TxnId);
        command.Parameters.AddWithValue("$v", key.ThreddDecision ? 1 : 0);
        using var reader = command.ExecuteReader();
        return ValueTask.FromResult(reader.Read() ? ReadEntry(reader) : null);
    }

    /// <inheritdoc />
    public ValueTask<AppendOutcome> CommitAsync(MessageUnit unit, CancellationToken cancellationToken) =>
        new(EnqueueAsync((connection, transaction) =>
        {
            // No look-up of the key first (one statement less per message): the entry is inserted
            // before its effects, and a duplicate that raced past the processor's look-up inserts
            // nothing (the key is unique), so nothing of it is applied and the stored answer is read.
            var rows = new SqliteLedgerRows(connection, transaction, _statements);
            MessageCommit commit;
            try
            {
                commit = unit.Build(rows.Load(unit.Reads));
            }
            catch (Exception)
            {
                // A duplicate is answered from the journal even when deciding it again fails.
                if (ReadAnswer(transaction, unit.Key) is { } stored)
                {
                    return new AppendOutcome(false, stored);
                }

                throw;
            }

            if (!Insert(transaction, commit.Entry))
            {
                return new AppendOutcome(false, ReadAnswer(transaction, unit.Key)!);
            }

            rows.Write(commit.Effects);
            return new AppendOutcome(true, commit.Entry.Answer);
        }));

    // The insert's parameters in the order of its VALUES, set by position in Insert. The 24th column,
    // late_decision, has no parameter: it is NULL until a late decision is recorded (hence the [..23] split).
    private static readonly string[] InsertParameters =
    [
        "$txn", "$variant", "$kind", "$mtid", "$txnType", "$proc", "$token", "$lifecycle", "$link", "$product", "$attempt", "$flavour", "$received", "$elapsed",
        "$body", "$contentType", "$answer", "$answerType", "$ack", "$status", "$decision", "$decidedBy", "$reconciliation", "$traceparent", "$thumbprint", "$effect", "$remote", "$legs", "$category",
    ];

    private static readonly string InsertSql =
        $"""
        INSERT INTO messages ({EntryColumns}, category)
        VALUES ({string.Join(", ", InsertParameters[..23])}, NULL, {string.Join(", ", InsertParameters[23..])})
        ON CONFLICT (txn_id, variant) DO NOTHING
        """;

    private bool Insert(SqliteTransaction transaction, JournalEntry entry)
    {
        var insert = _statements.Get(InsertSql, transaction, InsertParameters);
        var p = insert.Parameters;
        p[0].Value = entry.Key.TxnId;
        p[1].Value = entry.Key.ThreddDecision ? 1 : 0;
        p[2].Value = entry.Kind.ToString();
        p[3].Value = Db(entry.Mtid);
        p[4].Value = Db(entry.TxnType);
        p[5].Value = Db(entry.ProcCode);
        p[6].Value = Db(entry.Token);
        p[7].Value = Db(entry.Lifecycle);
        p[8].Value = Db(entry.TransLink);
        p[9].Value = Db(entry.ProductId);
        p[10].Value = Db(entry.SendingAttempt);
        p[11].Value = entry.Flavour;
        p[12].Value = Time(entry.ReceivedAt);
        p[13].Value = entry.ElapsedMicroseconds;
        p[14].Value = entry.Body.ToArray();
        p[15].Value = Db(entry.ContentType);
        p[16].Value = entry.Answer.Body.ToArray();
        p[17].Value = entry.Answer.ContentType;
        p[18].Value = entry.Acknowledged ? 1 : 0;
        p[19].Value = Db(entry.ResponseStatus);
        p[20].Value = entry.Decision.ToString();
        p[21].Value = Db(entry.DecidedBy);
        p[22].Value = Db(entry.Reconciliation);
        p[23].Value = Db(entry.TraceParent);
        p[24].Value = Db(entry.ClientThumbprint);
        p[25].Value = Db(entry.Effect);
        p[26].Value = Db(entry.RemoteAddress);
        p[27].Value = Db(entry.PostingLegs);
        p[28].Value = MessageClassifier.CategoryOf(entry.Kind).ToString();
        return insert.ExecuteNonQuery() == 1;
    }

    /// <inheritdoc />
    public async ValueTask RecordLateDecisionAsync(JournalKey key, string lateDecision, CancellationToken cancellationToken) =>
        await EnqueueAsync((connection, transaction) =>
        {
            using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE messages SET late_decision = $late WHERE txn_id = $t AND variant = $v AND late_decision IS NULL";
            update.Parameters.AddWithValue("$late", lateDecision);
            update.Parameters.AddWithValue("$t", key.TxnId);
            update.Parameters.AddWithValue("$v", key.ThreddDecision ? 1 : 0);
            return update.ExecuteNonQuery();
        }).ConfigureAwait(false);

    /// <inheritdoc />
    public async IAsyncEnumerable<JournalEntry> ListAsync(JournalQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        var where = new List<string>();
        if (query.TxnId is { } txn)
        {
            where.Add("txn_id = $txn");
            command.Parameters.AddWithValue("$txn", txn);
        }

        if (query.Token is { } token)
        {
            where.Add("token = $token");
            command.Parameters.AddWithValue("$token", token);
        }

        if (query.Lifecycle is { } lifecycle)
        {
            where.Add("lifecycle = $lifecycle");
            command.Parameters.AddWithValue("$lifecycle", lifecycle);
        }

        if (query.Since is { } since)
        {
            where.Add("received_at >= $since");
            command.Parameters.AddWithValue("$since", Time(since));
        }

        if (query.Until is { } until)
        {
            where.Add("received_at < $until");
            command.Parameters.AddWithValue("$until", Time(until));
        }

        command.CommandText = $"SELECT {EntryColumns} FROM messages {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : string.Empty)} ORDER BY seq LIMIT $limit";
        command.Parameters.AddWithValue("$limit", query.Limit);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ReadEntry(reader);
        }
    }

    private StoredAnswer? ReadAnswer(SqliteTransaction transaction, JournalKey key)
    {
        var command = _statements.Get(AnswerQuery, transaction);
        command.Parameters.AddWithValue("$t", key.TxnId);
        command.Parameters.AddWithValue("$v", key.ThreddDecision ? 1 : 0);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new StoredAnswer((byte[])reader[0], reader.GetString(1)) : null;
    }

    private const string AnswerQuery = "SELECT answer, answer_content_type FROM messages WHERE txn_id = $t AND variant = $v";

    private static StoredAnswer? ReadAnswer(SqliteConnection connection, SqliteTransaction? transaction, JournalKey key)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = AnswerQuery;
        command.Parameters.AddWithValue("$t", key.TxnId);
        command.Parameters.AddWithValue("$v", key.ThreddDecision ? 1 : 0);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new StoredAnswer((byte[])reader[0], reader.GetString(1)) : null;
    }

    private static JournalEntry ReadEntry(SqliteDataReader r) => new()
    {
        Key = new JournalKey(r.GetInt64(0), r.GetInt64(1) == 1),
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
        ReceivedAt = Time(r.GetString(12)),
        ElapsedMicroseconds = r.GetInt64(13),
        Body = (byte[])r[14],
        ContentType = r.IsDBNull(15) ? null : r.GetString(15),
        Answer = new StoredAnswer((byte[])r[16], r.GetString(17)),
        Acknowledged = r.GetInt64(18) == 1,
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
