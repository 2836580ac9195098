using System.Globalization;
using Ehi.Processing.Ledger;
using Microsoft.Data.Sqlite;

namespace Ehi.Storage.Sqlite;

/// <summary>The ledger's rows in one SQLite transaction: loads what a unit reads into a
/// <see cref="LedgerSnapshot"/> and writes its <see cref="LedgerEffects"/>. Amounts are stored as
/// invariant decimal text: SQLite's numeric affinity would round them through a double.</summary>
internal sealed class SqliteLedgerRows(SqliteConnection connection, SqliteTransaction transaction, StatementCache? statements = null)
{
    internal const string AccountColumns = "token, currency, actual, blocked, status, rules, stip_sequence, usage_day, day_amount, day_count, usage_month, month_amount, month_count";

    internal const string HoldColumns = "id, token, lifecycle, trans_link, auth_code, txn_id, txn_currency, authorised, amount, open";

    public LedgerSnapshot Load(LedgerReads reads)
    {
        if (reads.IsEmpty)
        {
            return LedgerSnapshot.Empty;
        }

        var accounts = new Dictionary<long, CardAccount>();
        foreach (long token in reads.Tokens)
        {
            using var command = Command($"SELECT {AccountColumns} FROM accounts WHERE token = $t");
            command.Parameters.AddWithValue("$t", token);
            using var r = command.ExecuteReader();
            if (r.Read())
            {
                accounts[token] = ReadAccount(r);
            }
        }

        if (reads.TokenRange is { } range)
        {
            using var command = Command($"SELECT {AccountColumns} FROM accounts WHERE token >= $first AND token < $end");
            command.Parameters.AddWithValue("$first", range.First);
            command.Parameters.AddWithValue("$end", range.First + range.Count);
            using var r = command.ExecuteReader();
            while (r.Read())
            {
                var account = ReadAccount(r);
                accounts[account.Token] = account;
            }
        }

        return new LedgerSnapshot(accounts, reads.Holds is { } keys ? LoadHolds(keys) : []) { Financials = reads.Financials is { } f ? LoadFinancials(f) : [] };
    }

    internal const string FinancialColumns = "txn_id, token, kind, arn, trans_link, lifecycle, auth_code, txn_amount, txn_currency, pos_time, rrn, merchant_id, bill_amount, bill_currency, original_txn_id, match_rule, received_at";

    private List<FinancialRecord> LoadFinancials(FinancialKeys keys)
    {
        using var command = Command($"""
            SELECT {FinancialColumns}, id FROM financials WHERE token = $t AND arn = $a
            UNION SELECT {FinancialColumns}, id FROM financials WHERE token = $t AND trans_link = $k
            UNION SELECT {FinancialColumns}, id FROM financials WHERE token = $t AND lifecycle = $l
            ORDER BY id
            """);
        var p = command.Parameters;
        p.AddWithValue("$t", keys.Token);
        p.AddWithValue("$a", (object?)keys.Arn ?? DBNull.Value);
        p.AddWithValue("$k", (object?)keys.TransLink ?? DBNull.Value);
        p.AddWithValue("$l", (object?)keys.Lifecycle ?? DBNull.Value);
        var list = new List<FinancialRecord>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            list.Add(ReadFinancial(r));
        }

        return list;
    }

    internal static FinancialRecord ReadFinancial(SqliteDataReader r) => new()
    {
        TxnId = r.GetInt64(0),
        Token = r.GetInt64(1),
        Kind = Enum.Parse<Ehi.Core.Classification.MessageKind>(r.GetString(2)),
        Arn = Nullable(r, 3),
        TransLink = Nullable(r, 4),
        Lifecycle = Nullable(r, 5),
        AuthCode = Nullable(r, 6),
        TxnAmount = r.IsDBNull(7) ? null : Amount(r, 7),
        TxnCurrency = Nullable(r, 8),
        PosTime = Nullable(r, 9),
        Rrn = Nullable(r, 10),
        MerchantId = Nullable(r, 11),
        BillAmount = r.IsDBNull(12) ? null : Amount(r, 12),
        BillCurrency = Nullable(r, 13),
        OriginalTxnId = r.IsDBNull(14) ? null : r.GetInt64(14),
        MatchRule = Nullable(r, 15),
        ReceivedAt = SqliteStore.Time(r.GetString(16)),
    };

    private static string? Nullable(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    // One indexed look-up per key, unioned: an OR across keys would make SQLite scan all of the card's open holds.
    private List<Hold> LoadHolds(HoldKeys keys)
    {
        using var command = Command($"""
            SELECT {HoldColumns} FROM holds WHERE token = $t AND open = 1 AND lifecycle = $l
            UNION SELECT {HoldColumns} FROM holds WHERE token = $t AND open = 1 AND trans_link = $k
            UNION SELECT {HoldColumns} FROM holds WHERE token = $t AND open = 1 AND auth_code = $c
            UNION SELECT {HoldColumns} FROM holds WHERE txn_id IN ($x1, $x2) AND token = $t
            ORDER BY id
            """);
        var p = command.Parameters;
        p.AddWithValue("$t", keys.Token);
        p.AddWithValue("$l", (object?)keys.Lifecycle ?? DBNull.Value);
        p.AddWithValue("$k", (object?)keys.TransLink ?? DBNull.Value);
        p.AddWithValue("$c", (object?)keys.AuthCode ?? DBNull.Value);
        p.AddWithValue("$x1", keys.TxnIds.Count > 0 ? keys.TxnIds[0] : DBNull.Value);
        p.AddWithValue("$x2", keys.TxnIds.Count > 1 ? keys.TxnIds[1] : DBNull.Value);
        return ReadHolds(command.Inner);
    }

    public List<Hold> OpenHolds(long token)
    {
        using var command = Command($"SELECT {HoldColumns} FROM holds WHERE token = $t AND open = 1 ORDER BY id");
        command.Parameters.AddWithValue("$t", token);
        return ReadHolds(command.Inner);
    }

    public CardAccount? Account(long token) => Load(LedgerReads.Card(token)).Accounts.GetValueOrDefault(token);

    public void Write(LedgerEffects effects)
    {
        foreach (var write in effects.Accounts)
        {
            WriteAccount(write.Account);
        }

        foreach (var hold in effects.Holds)
        {
            WriteHold(hold);
        }

        foreach (var posting in effects.Postings)
        {
            using var insert = Command("INSERT INTO postings (txn_id, token, account, amount, reason) VALUES ($x, $t, $a, $m, $r)");
            insert.Parameters.AddWithValue("$x", posting.TxnId);
            insert.Parameters.AddWithValue("$t", posting.Token);
            insert.Parameters.AddWithValue("$a", posting.Account);
            insert.Parameters.AddWithValue("$m", Text(posting.Amount));
            insert.Parameters.AddWithValue("$r", posting.Reason);
            insert.ExecuteNonQuery();
        }

        foreach (var unmatched in effects.Unmatched)
        {
            using var command = Command("INSERT INTO unmatched (txn_id, token, kind, reason, received_at) VALUES ($x, $t, $k, $r, $at)");
            command.Parameters.AddWithValue("$at", unmatched.At is { } at ? SqliteStore.Time(at) : DBNull.Value);
            command.Parameters.AddWithValue("$x", unmatched.TxnId);
            command.Parameters.AddWithValue("$t", (object?)unmatched.Token ?? DBNull.Value);
            command.Parameters.AddWithValue("$k", unmatched.Kind.ToString());
            command.Parameters.AddWithValue("$r", unmatched.Reason);
            command.ExecuteNonQuery();
        }

        foreach (var f in effects.Financials)
        {
            using var command = Command($"INSERT INTO financials ({FinancialColumns}) VALUES ($x, $t, $k, $a, $l, $c, $ac, $ta, $tc, $pt, $rr, $m, $ba, $bc, $o, $ru, $at)");
            var p = command.Parameters;
            p.AddWithValue("$x", f.TxnId);
            p.AddWithValue("$t", f.Token);
            p.AddWithValue("$k", f.Kind.ToString());
            p.AddWithValue("$a", (object?)f.Arn ?? DBNull.Value);
            p.AddWithValue("$l", (object?)f.TransLink ?? DBNull.Value);
            p.AddWithValue("$c", (object?)f.Lifecycle ?? DBNull.Value);
            p.AddWithValue("$ac", (object?)f.AuthCode ?? DBNull.Value);
            p.AddWithValue("$ta", f.TxnAmount is { } ta ? Text(ta) : DBNull.Value);
            p.AddWithValue("$tc", (object?)f.TxnCurrency ?? DBNull.Value);
            p.AddWithValue("$pt", (object?)f.PosTime ?? DBNull.Value);
            p.AddWithValue("$rr", (object?)f.Rrn ?? DBNull.Value);
            p.AddWithValue("$m", (object?)f.MerchantId ?? DBNull.Value);
            p.AddWithValue("$ba", f.BillAmount is { } ba ? Text(ba) : DBNull.Value);
            p.AddWithValue("$bc", (object?)f.BillCurrency ?? DBNull.Value);
            p.AddWithValue("$o", (object?)f.OriginalTxnId ?? DBNull.Value);
            p.AddWithValue("$ru", (object?)f.MatchRule ?? DBNull.Value);
            p.AddWithValue("$at", SqliteStore.Time(f.ReceivedAt));
            command.ExecuteNonQuery();
        }
    }

    private void WriteAccount(CardAccount account)
    {
        using var command = Command($"""
            INSERT INTO accounts ({AccountColumns})
            VALUES ($t, $c, $a, $b, $s, $r, $q, $ud, $da, $dc, $um, $ma, $mc)
            ON CONFLICT (token) DO UPDATE SET currency = $c, actual = $a, blocked = $b, status = $s, rules = $r, stip_sequence = $q,
                usage_day = $ud, day_amount = $da, day_count = $dc, usage_month = $um, month_amount = $ma, month_count = $mc
            """);
        var p = command.Parameters;
        p.AddWithValue("$t", account.Token);
        p.AddWithValue("$c", account.Currency);
        p.AddWithValue("$a", Text(account.Actual));
        p.AddWithValue("$b", Text(account.Blocked));
        p.AddWithValue("$s", account.Status);
        p.AddWithValue("$r", CardRulesText.Format(account.Rules));
        p.AddWithValue("$q", account.StipSequence);
        p.AddWithValue("$ud", (object?)account.UsageDay ?? DBNull.Value);
        p.AddWithValue("$da", Text(account.DayAmount));
        p.AddWithValue("$dc", account.DayCount);
        p.AddWithValue("$um", (object?)account.UsageMonth ?? DBNull.Value);
        p.AddWithValue("$ma", Text(account.MonthAmount));
        p.AddWithValue("$mc", account.MonthCount);
        command.ExecuteNonQuery();
    }

    private void WriteHold(Hold hold)
    {
        using var command = hold.Id < 0
            ? Command("INSERT INTO holds (token, lifecycle, trans_link, auth_code, txn_id, txn_currency, authorised, amount, open) VALUES ($t, $l, $k, $c, $x, $y, $au, $a, $o)")
            : Command("UPDATE holds SET lifecycle = $l, trans_link = $k, auth_code = $c, txn_currency = $y, authorised = $au, amount = $a, open = $o WHERE id = $id");
        var p = command.Parameters;
        p.AddWithValue("$id", hold.Id);
        p.AddWithValue("$t", hold.Token);
        p.AddWithValue("$l", (object?)hold.Lifecycle ?? DBNull.Value);
        p.AddWithValue("$k", (object?)hold.TransLink ?? DBNull.Value);
        p.AddWithValue("$c", (object?)hold.AuthCode ?? DBNull.Value);
        p.AddWithValue("$x", hold.TxnId);
        p.AddWithValue("$y", (object?)hold.TxnCurrency ?? DBNull.Value);
        p.AddWithValue("$au", Text(hold.Authorised));
        p.AddWithValue("$a", Text(hold.Amount));
        p.AddWithValue("$o", hold.Open ? 1 : 0);
        command.ExecuteNonQuery();
    }

    internal static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    internal static decimal Amount(SqliteDataReader r, int i) => decimal.Parse(r.GetString(i), NumberStyles.Number, CultureInfo.InvariantCulture);

    internal static CardAccount ReadAccount(SqliteDataReader r)
    {
        var rules = CardRulesText.Parse(r.GetString(5));
        return new CardAccount
        {
            Token = r.GetInt64(0),
            Currency = r.GetString(1),
            Actual = Amount(r, 2),
            Blocked = Amount(r, 3),
            Status = r.GetString(4),
            Rules = rules,
            StipSequence = r.GetInt64(6),
            UsageDay = r.IsDBNull(7) ? null : r.GetString(7),
            DayAmount = Amount(r, 8),
            DayCount = r.GetInt32(9),
            UsageMonth = r.IsDBNull(10) ? null : r.GetString(10),
            MonthAmount = Amount(r, 11),
            MonthCount = r.GetInt32(12),
        };
    }

    internal static Hold ReadHold(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Token = r.GetInt64(1),
        Lifecycle = r.IsDBNull(2) ? null : r.GetString(2),
        TransLink = r.IsDBNull(3) ? null : r.GetString(3),
        AuthCode = r.IsDBNull(4) ? null : r.GetString(4),
        TxnId = r.GetInt64(5),
        TxnCurrency = r.IsDBNull(6) ? null : r.GetString(6),
        Authorised = Amount(r, 7),
        Amount = Amount(r, 8),
        Open = r.GetInt64(9) == 1,
    };

    internal static List<Hold> ReadHolds(SqliteCommand command)
    {
        var holds = new List<Hold>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            holds.Add(ReadHold(r));
        }

        return holds;
    }

    // Cached commands belong to the cache; uncached ones (read-side work) are disposed by the caller.
    private Lease Command(string sql)
    {
        if (statements is not null)
        {
            return new Lease(statements.Get(sql, transaction), owned: false);
        }

        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return new Lease(command, owned: true);
    }

    private readonly struct Lease(SqliteCommand command, bool owned) : IDisposable
    {
        public SqliteParameterCollection Parameters => command.Parameters;

        public SqliteDataReader ExecuteReader() => command.ExecuteReader();

        public int ExecuteNonQuery() => command.ExecuteNonQuery();

        public SqliteCommand Inner => command;

        public void Dispose()
        {
            if (owned)
            {
                command.Dispose();
            }
        }
    }
}
