using Ehi.Processing.Ledger;
using Npgsql;
using NpgsqlTypes;

namespace Ehi.Storage.Postgres;

/// <summary>The ledger's rows in one PostgreSQL transaction: loads what a unit reads (its cards
/// <c>FOR UPDATE</c>, in token order) and adds its <see cref="LedgerEffects"/> to a batch, one
/// statement per table whatever the number of rows (arrays through <c>unnest</c>).</summary>
internal sealed class PostgresLedgerRows(NpgsqlConnection connection)
{
    internal const string AccountColumns = "token, currency, actual, blocked, status, rules, stip_sequence, usage_day, day_amount, day_count, usage_month, month_amount, month_count";

    internal const string HoldColumns = "id, token, lifecycle, trans_link, auth_code, txn_id, txn_currency, authorised, amount, open";

    public async Task<LedgerSnapshot> LoadAsync(LedgerReads reads, bool forUpdate, CancellationToken cancellationToken)
    {
        if (reads.IsEmpty)
        {
            return LedgerSnapshot.Empty;
        }

        await using var batch = new NpgsqlBatch(connection);
        var layout = AddReads(batch, reads, forUpdate);
        await using var r = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ReadSnapshotAsync(r, layout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds the statements that read <paramref name="reads"/> to a batch (the cards first,
    /// locked in token order when <paramref name="forUpdate"/>), so that a caller can send them in
    /// the same round trip as its own statements, which come after them in the batch.</summary>
    public static ReadLayout AddReads(NpgsqlBatch batch, LedgerReads reads, bool forUpdate)
    {
        int first = batch.BatchCommands.Count;
        string lockClause = forUpdate ? " FOR UPDATE" : string.Empty;
        if (reads.Tokens.Count == 1)
        {
            // The common case (one card per message): a plain key look-up, which PostgreSQL plans once.
            var command = new NpgsqlBatchCommand($"SELECT {AccountColumns} FROM accounts WHERE token = $1{lockClause}");
            command.Parameters.Add(new() { Value = reads.Tokens[0] });
            batch.BatchCommands.Add(command);
        }
        else if (reads.Tokens.Count > 1)
        {
            var command = new NpgsqlBatchCommand($"SELECT {AccountColumns} FROM accounts WHERE token = ANY($1) ORDER BY token{lockClause}");
            command.Parameters.Add(new() { Value = reads.Tokens.Order().ToArray() });
            batch.BatchCommands.Add(command);
        }

        if (reads.TokenRange is { } range)
        {
            var command = new NpgsqlBatchCommand($"SELECT {AccountColumns} FROM accounts WHERE token >= $1 AND token < $2 ORDER BY token{lockClause}");
            command.Parameters.Add(new() { Value = range.First });
            command.Parameters.Add(new() { Value = range.First + range.Count });
            batch.BatchCommands.Add(command);
        }

        int accountQueries = batch.BatchCommands.Count;
        if (reads.Holds is { } keys)
        {
            // One index-backed branch per matching key (an OR of them is planned per call and may
            // scan every hold of a busy card); UNION removes a hold found by two keys.
            var command = new NpgsqlBatchCommand($"""
                SELECT {HoldColumns} FROM holds WHERE token = $1 AND open AND lifecycle = $2
                UNION SELECT {HoldColumns} FROM holds WHERE token = $1 AND open AND trans_link = $3
                UNION SELECT {HoldColumns} FROM holds WHERE token = $1 AND open AND auth_code = $4
                UNION SELECT {HoldColumns} FROM holds WHERE txn_id = ANY($5) AND token = $1
                ORDER BY id
                """);
            command.Parameters.Add(new() { Value = keys.Token });
            command.Parameters.Add(new() { Value = (object?)keys.Lifecycle ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new() { Value = (object?)keys.TransLink ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new() { Value = (object?)keys.AuthCode ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new() { Value = keys.TxnIds.ToArray() });
            batch.BatchCommands.Add(command);
        }

        int holdQueries = batch.BatchCommands.Count;
        if (reads.Financials is { } f)
        {
            var command = new NpgsqlBatchCommand($"""
                SELECT {FinancialColumns} FROM financials WHERE token = $1 AND (arn = $2 OR trans_link = $3 OR lifecycle = $4)
                ORDER BY id
                """);
            command.Parameters.Add(new() { Value = f.Token });
            command.Parameters.Add(new() { Value = (object?)f.Arn ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new() { Value = (object?)f.TransLink ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new() { Value = (object?)f.Lifecycle ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            batch.BatchCommands.Add(command);
        }

        return new ReadLayout(first, accountQueries, holdQueries, batch.BatchCommands.Count);
    }

    /// <summary>Reads the results of the statements <see cref="AddReads"/> added; the reader is left
    /// on the first result after them.</summary>
    public static async Task<LedgerSnapshot> ReadSnapshotAsync(NpgsqlDataReader r, ReadLayout layout, CancellationToken cancellationToken)
    {
        var accounts = new Dictionary<long, CardAccount>();
        var holds = new List<Hold>();
        var financials = new List<FinancialRecord>();
        for (int result = layout.First; result < layout.End; result++)
        {
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (result < layout.AccountsEnd)
                {
                    var account = ReadAccount(r);
                    accounts[account.Token] = account;
                }
                else if (result < layout.HoldsEnd)
                {
                    holds.Add(ReadHold(r));
                }
                else
                {
                    financials.Add(ReadFinancial(r));
                }
            }

            await r.NextResultAsync(cancellationToken).ConfigureAwait(false);
        }

        return layout.First == layout.End ? LedgerSnapshot.Empty : new LedgerSnapshot(accounts, holds) { Financials = financials };
    }

    /// <summary>Where the results of a unit's reads sit in a batch: [First, AccountsEnd) cards,
    /// [AccountsEnd, HoldsEnd) holds, [HoldsEnd, End) financial records.</summary>
    internal readonly record struct ReadLayout(int First, int AccountsEnd, int HoldsEnd, int End);

    internal const string FinancialColumns = "txn_id, token, kind, arn, trans_link, lifecycle, auth_code, txn_amount, txn_currency, pos_time, rrn, merchant_id, bill_amount, bill_currency, original_txn_id, match_rule, received_at";

    internal static FinancialRecord ReadFinancial(NpgsqlDataReader r) => new()
    {
        TxnId = r.GetInt64(0),
        Token = r.GetInt64(1),
        Kind = Enum.Parse<Ehi.Core.Classification.MessageKind>(r.GetString(2)),
        Arn = Nullable(r, 3),
        TransLink = Nullable(r, 4),
        Lifecycle = Nullable(r, 5),
        AuthCode = Nullable(r, 6),
        TxnAmount = r.IsDBNull(7) ? null : r.GetDecimal(7),
        TxnCurrency = Nullable(r, 8),
        PosTime = Nullable(r, 9),
        Rrn = Nullable(r, 10),
        MerchantId = Nullable(r, 11),
        BillAmount = r.IsDBNull(12) ? null : r.GetDecimal(12),
        BillCurrency = Nullable(r, 13),
        OriginalTxnId = r.IsDBNull(14) ? null : r.GetInt64(14),
        MatchRule = Nullable(r, 15),
        ReceivedAt = r.GetFieldValue<DateTimeOffset>(16),
    };

    private static string? Nullable(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static void AddWrites(NpgsqlBatch batch, LedgerEffects effects)
    {
        // A card read for update is written with a plain UPDATE (an upsert would try an insert first
        // and then fall back to the update); only cards created by this unit are inserted.
        var existing = effects.Accounts.Where(w => !w.Created).Select(w => w.Account).ToArray();
        if (existing.Length > 0)
        {
            var command = new NpgsqlBatchCommand($"""
                UPDATE accounts SET currency = u.currency, actual = u.actual, blocked = u.blocked, status = u.status, rules = u.rules,
                    stip_sequence = u.stip_sequence, usage_day = u.usage_day, day_amount = u.day_amount, day_count = u.day_count,
                    usage_month = u.usage_month, month_amount = u.month_amount, month_count = u.month_count
                FROM unnest({AccountArrays}) AS u({AccountColumns})
                WHERE accounts.token = u.token
                """);
            AddAccountArrays(command.Parameters, existing);
            batch.BatchCommands.Add(command);
        }

        var created = effects.Accounts.Where(w => w.Created).Select(w => w.Account).ToArray();
        if (created.Length > 0)
        {
            var command = new NpgsqlBatchCommand($"""
                INSERT INTO accounts ({AccountColumns})
                SELECT * FROM unnest({AccountArrays})
                ON CONFLICT (token) DO UPDATE SET currency = EXCLUDED.currency, actual = EXCLUDED.actual, blocked = EXCLUDED.blocked, status = EXCLUDED.status,
                    rules = EXCLUDED.rules, stip_sequence = EXCLUDED.stip_sequence, usage_day = EXCLUDED.usage_day, day_amount = EXCLUDED.day_amount,
                    day_count = EXCLUDED.day_count, usage_month = EXCLUDED.usage_month, month_amount = EXCLUDED.month_amount, month_count = EXCLUDED.month_count
                """);
            AddAccountArrays(command.Parameters, created);
            batch.BatchCommands.Add(command);
        }

        var inserted = effects.Holds.Where(h => h.Id < 0).ToArray();
        if (inserted.Length > 0)
        {
            var command = new NpgsqlBatchCommand("""
                INSERT INTO holds (token, lifecycle, trans_link, auth_code, txn_id, txn_currency, authorised, amount, open)
                SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::numeric[], $8::numeric[], $9::boolean[])
                """);
            AddHoldArrays(command.Parameters, inserted);
            batch.BatchCommands.Add(command);
        }

        var updated = effects.Holds.Where(h => h.Id > 0).ToArray();
        if (updated.Length > 0)
        {
            var command = new NpgsqlBatchCommand("""
                UPDATE holds SET lifecycle = u.lifecycle, trans_link = u.trans_link, auth_code = u.auth_code, txn_currency = u.txn_currency,
                    authorised = u.authorised, amount = u.amount, open = u.open
                FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::numeric[], $8::numeric[], $9::boolean[], $10::bigint[])
                    AS u(token, lifecycle, trans_link, auth_code, txn_id, txn_currency, authorised, amount, open, id)
                WHERE holds.id = u.id
                """);
            AddHoldArrays(command.Parameters, updated);
            command.Parameters.Add(new() { Value = updated.Select(h => h.Id).ToArray() });
            batch.BatchCommands.Add(command);
        }

        if (effects.Postings.Count > 0)
        {
            var command = new NpgsqlBatchCommand("""
                INSERT INTO postings (txn_id, token, account, amount, reason)
                SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::numeric[], $5::text[])
                """);
            command.Parameters.Add(new() { Value = effects.Postings.Select(x => x.TxnId).ToArray() });
            command.Parameters.Add(new() { Value = effects.Postings.Select(x => x.Token).ToArray() });
            command.Parameters.Add(new() { Value = effects.Postings.Select(x => x.Account).ToArray() });
            command.Parameters.Add(new() { Value = effects.Postings.Select(x => x.Amount).ToArray() });
            command.Parameters.Add(new() { Value = effects.Postings.Select(x => x.Reason).ToArray() });
            batch.BatchCommands.Add(command);
        }

        if (effects.Unmatched.Count > 0)
        {
            var command = new NpgsqlBatchCommand("""
                INSERT INTO unmatched (txn_id, token, kind, reason, received_at)
                SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::timestamptz[])
                """);
            command.Parameters.Add(new() { Value = effects.Unmatched.Select(x => x.TxnId).ToArray() });
            command.Parameters.Add(new() { Value = effects.Unmatched.Select(x => x.Token).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            command.Parameters.Add(new() { Value = effects.Unmatched.Select(x => x.Kind.ToString()).ToArray() });
            command.Parameters.Add(new() { Value = effects.Unmatched.Select(x => x.Reason).ToArray() });
            command.Parameters.Add(new() { Value = effects.Unmatched.Select(x => x.At).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            batch.BatchCommands.Add(command);
        }

        if (effects.Financials.Count > 0)
        {
            var f = effects.Financials;
            var command = new NpgsqlBatchCommand($"""
                INSERT INTO financials ({FinancialColumns})
                SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::numeric[], $9::text[],
                    $10::text[], $11::text[], $12::text[], $13::numeric[], $14::text[], $15::bigint[], $16::text[], $17::timestamptz[])
                """);
            var p = command.Parameters;
            p.Add(new() { Value = f.Select(x => x.TxnId).ToArray() });
            p.Add(new() { Value = f.Select(x => x.Token).ToArray() });
            p.Add(new() { Value = f.Select(x => x.Kind.ToString()).ToArray() });
            Texts(p, f.Select(x => x.Arn));
            Texts(p, f.Select(x => x.TransLink));
            Texts(p, f.Select(x => x.Lifecycle));
            Texts(p, f.Select(x => x.AuthCode));
            p.Add(new() { Value = f.Select(x => x.TxnAmount).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Numeric });
            Texts(p, f.Select(x => x.TxnCurrency));
            Texts(p, f.Select(x => x.PosTime));
            Texts(p, f.Select(x => x.Rrn));
            Texts(p, f.Select(x => x.MerchantId));
            p.Add(new() { Value = f.Select(x => x.BillAmount).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Numeric });
            Texts(p, f.Select(x => x.BillCurrency));
            p.Add(new() { Value = f.Select(x => x.OriginalTxnId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            Texts(p, f.Select(x => x.MatchRule));
            p.Add(new() { Value = f.Select(x => x.ReceivedAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            batch.BatchCommands.Add(command);
        }
    }

    private const string AccountArrays = "$1::bigint[], $2::text[], $3::numeric[], $4::numeric[], $5::text[], $6::jsonb[], $7::bigint[], $8::text[], $9::numeric[], $10::integer[], $11::text[], $12::numeric[], $13::integer[]";

    private static void AddAccountArrays(NpgsqlParameterCollection p, CardAccount[] a)
    {
        p.Add(new() { Value = a.Select(x => x.Token).ToArray() });
        p.Add(new() { Value = a.Select(x => x.Currency).ToArray() });
        p.Add(new() { Value = a.Select(x => x.Actual).ToArray() });
        p.Add(new() { Value = a.Select(x => x.Blocked).ToArray() });
        p.Add(new() { Value = a.Select(x => x.Status).ToArray() });
        p.Add(new() { Value = a.Select(x => CardRulesText.Format(x.Rules)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        p.Add(new() { Value = a.Select(x => x.StipSequence).ToArray() });
        p.Add(new() { Value = a.Select(x => x.UsageDay).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new() { Value = a.Select(x => x.DayAmount).ToArray() });
        p.Add(new() { Value = a.Select(x => x.DayCount).ToArray() });
        p.Add(new() { Value = a.Select(x => x.UsageMonth).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new() { Value = a.Select(x => x.MonthAmount).ToArray() });
        p.Add(new() { Value = a.Select(x => x.MonthCount).ToArray() });
    }

    private static void Texts(NpgsqlParameterCollection p, IEnumerable<string?> values) =>
        p.Add(new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });

    private static void AddHoldArrays(NpgsqlParameterCollection p, Hold[] holds)
    {
        p.Add(new() { Value = holds.Select(h => h.Token).ToArray() });
        p.Add(new() { Value = holds.Select(h => h.Lifecycle).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new() { Value = holds.Select(h => h.TransLink).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new() { Value = holds.Select(h => h.AuthCode).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new() { Value = holds.Select(h => h.TxnId).ToArray() });
        p.Add(new() { Value = holds.Select(h => h.TxnCurrency).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new() { Value = holds.Select(h => h.Authorised).ToArray() });
        p.Add(new() { Value = holds.Select(h => h.Amount).ToArray() });
        p.Add(new() { Value = holds.Select(h => h.Open).ToArray() });
    }

    internal static CardAccount ReadAccount(NpgsqlDataReader r)
    {
        var rules = CardRulesText.Parse(r.GetString(5));
        return new CardAccount
        {
            Token = r.GetInt64(0),
            Currency = r.GetString(1),
            Actual = r.GetDecimal(2),
            Blocked = r.GetDecimal(3),
            Status = r.GetString(4),
            Rules = rules,
            StipSequence = r.GetInt64(6),
            UsageDay = r.IsDBNull(7) ? null : r.GetString(7),
            DayAmount = r.GetDecimal(8),
            DayCount = r.GetInt32(9),
            UsageMonth = r.IsDBNull(10) ? null : r.GetString(10),
            MonthAmount = r.GetDecimal(11),
            MonthCount = r.GetInt32(12),
        };
    }

    internal static Hold ReadHold(NpgsqlDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Token = r.GetInt64(1),
        Lifecycle = r.IsDBNull(2) ? null : r.GetString(2),
        TransLink = r.IsDBNull(3) ? null : r.GetString(3),
        AuthCode = r.IsDBNull(4) ? null : r.GetString(4),
        TxnId = r.GetInt64(5),
        TxnCurrency = r.IsDBNull(6) ? null : r.GetString(6),
        Authorised = r.GetDecimal(7),
        Amount = r.GetDecimal(8),
        Open = r.GetBoolean(9),
    };
}
