using System.Globalization;
using System.Text.Json;
using Ehi.Core.Classification;
using Ehi.Processing.Ledger;
using Microsoft.Data.Sqlite;

namespace Ehi.Journal.Sqlite;

/// <summary>The ledger bound to one journal transaction on the writer connection. Amounts are stored
/// as invariant decimal text: SQLite's numeric affinity would round them through a double.</summary>
internal sealed class SqliteLedgerSession(SqliteConnection connection, SqliteTransaction transaction, StatementCache? statements = null) : ILedgerSession
{
    // One message touches one card several times: read it once, and serialise its rules only when they change.
    private readonly Dictionary<long, (CardAccount Account, string? Rules)> _accounts = [];

    public CardAccount? GetAccount(long token)
    {
        if (_accounts.TryGetValue(token, out var cached))
        {
            return cached.Account;
        }

        using var command = Command("SELECT token, currency, actual, blocked, status, rules, stip_sequence, usage_day, day_amount, day_count, usage_month, month_amount, month_count FROM accounts WHERE token = $t");
        command.Parameters.AddWithValue("$t", token);
        using var r = command.ExecuteReader();
        if (!r.Read())
        {
            return null;
        }

        var account = ReadAccount(r);
        _accounts[token] = (account, r.GetString(5));
        return account;
    }

    public void PutAccount(CardAccount account)
    {
        GetAccount(account.Token); // load the stored rules text once, so unchanged rules are not re-serialised
        _dirty.Add(account.Token);
        _accounts[account.Token] = (account, _accounts.TryGetValue(account.Token, out var known) && ReferenceEquals(known.Account.Rules, account.Rules) ? known.Rules : null);
    }

    /// <summary>Writes every account changed in this session.</summary>
    public void Flush()
    {
        foreach (long token in _dirty)
        {
            Write(_accounts[token].Account, _accounts[token].Rules);
        }

        _dirty.Clear();
    }

    private void Write(CardAccount account, string? knownRules)
    {
        using var command = Command("""
            INSERT INTO accounts (token, currency, actual, blocked, status, rules, stip_sequence, usage_day, day_amount, day_count, usage_month, month_amount, month_count)
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
        string rules = knownRules ?? JsonSerializer.Serialize(account.Rules, LedgerJsonContext.Default.CardRules);
        p.AddWithValue("$r", rules);
        p.AddWithValue("$q", account.StipSequence);
        p.AddWithValue("$ud", (object?)account.UsageDay ?? DBNull.Value);
        p.AddWithValue("$da", Text(account.DayAmount));
        p.AddWithValue("$dc", account.DayCount);
        p.AddWithValue("$um", (object?)account.UsageMonth ?? DBNull.Value);
        p.AddWithValue("$ma", Text(account.MonthAmount));
        p.AddWithValue("$mc", account.MonthCount);
        command.ExecuteNonQuery();
        _accounts[account.Token] = (account, rules);
    }

    private readonly HashSet<long> _dirty = [];

    public IReadOnlyList<Hold> OpenHolds(long token)
    {
        using var command = Command($"SELECT {HoldColumns} FROM holds WHERE token = $t AND open = 1 ORDER BY id");
        command.Parameters.AddWithValue("$t", token);
        return ReadHolds(command.Inner);
    }

    // One indexed look-up per key, unioned: an OR across keys would make SQLite scan all of the card's open holds.
    public IReadOnlyList<Hold> CandidateHolds(long token, string? lifecycle, string? transLink, string? authCode, long? txnId)
    {
        using var command = Command($"""
            SELECT {HoldColumns} FROM holds WHERE token = $t AND open = 1 AND lifecycle = $l
            UNION SELECT {HoldColumns} FROM holds WHERE token = $t AND open = 1 AND trans_link = $k
            UNION SELECT {HoldColumns} FROM holds WHERE token = $t AND open = 1 AND auth_code = $c
            UNION SELECT {HoldColumns} FROM holds WHERE txn_id = $x AND open = 1
            ORDER BY id
            """);
        command.Parameters.AddWithValue("$t", token);
        command.Parameters.AddWithValue("$l", (object?)lifecycle ?? DBNull.Value);
        command.Parameters.AddWithValue("$k", (object?)transLink ?? DBNull.Value);
        command.Parameters.AddWithValue("$c", (object?)authCode ?? DBNull.Value);
        command.Parameters.AddWithValue("$x", (object?)txnId ?? DBNull.Value);
        return ReadHolds(command.Inner);
    }

    public Hold? HoldOf(long txnId)
    {
        using var command = Command($"SELECT {HoldColumns} FROM holds WHERE txn_id = $x");
        command.Parameters.AddWithValue("$x", txnId);
        return ReadHolds(command.Inner).FirstOrDefault();
    }

    public Hold PutHold(Hold hold)
    {
        using var command = hold.Id == 0
            ? Command("INSERT INTO holds (token, lifecycle, trans_link, auth_code, txn_id, txn_currency, authorised, amount, open) VALUES ($t, $l, $k, $c, $x, $y, $au, $a, $o) RETURNING id")
            : Command("UPDATE holds SET lifecycle = $l, trans_link = $k, auth_code = $c, txn_currency = $y, authorised = $au, amount = $a, open = $o WHERE id = $id RETURNING id");
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
        return hold with { Id = (long)command.ExecuteScalar()! };
    }

    public void Post(long txnId, long token, string reason, IReadOnlyList<PostingLeg> legs)
    {
        if (legs.Sum(l => l.Amount) != 0m)
        {
            throw new InvalidOperationException($"postings for {txnId} do not balance: {string.Join(", ", legs)}");
        }

        var account = GetAccount(token) ?? throw new InvalidOperationException($"no account for token {token}");
        foreach (var leg in legs.Where(l => l.Amount != 0m))
        {
            using var insert = Command("INSERT INTO postings (txn_id, token, account, amount, reason) VALUES ($x, $t, $a, $m, $r)");
            insert.Parameters.AddWithValue("$x", txnId);
            insert.Parameters.AddWithValue("$t", token);
            insert.Parameters.AddWithValue("$a", leg.Account);
            insert.Parameters.AddWithValue("$m", Text(leg.Amount));
            insert.Parameters.AddWithValue("$r", reason);
            insert.ExecuteNonQuery();
            account = leg.Account switch
            {
                PostingLeg.CardActual => account with { Actual = account.Actual + leg.Amount },
                PostingLeg.CardBlocked => account with { Blocked = account.Blocked + leg.Amount },
                _ => account,
            };
        }

        PutAccount(account);
    }

    public void RecordUnmatched(long txnId, long? token, MessageKind kind, string reason)
    {
        using var command = Command("INSERT INTO unmatched (txn_id, token, kind, reason) VALUES ($x, $t, $k, $r)");
        command.Parameters.AddWithValue("$x", txnId);
        command.Parameters.AddWithValue("$t", (object?)token ?? DBNull.Value);
        command.Parameters.AddWithValue("$k", kind.ToString());
        command.Parameters.AddWithValue("$r", reason);
        command.ExecuteNonQuery();
    }

    internal const string HoldColumns = "id, token, lifecycle, trans_link, auth_code, txn_id, txn_currency, authorised, amount, open";

    internal static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    internal static decimal Amount(SqliteDataReader r, int i) => decimal.Parse(r.GetString(i), NumberStyles.Number, CultureInfo.InvariantCulture);

    internal static CardAccount ReadAccount(SqliteDataReader r) => new()
    {
        Token = r.GetInt64(0),
        Currency = r.GetString(1),
        Actual = Amount(r, 2),
        Blocked = Amount(r, 3),
        Status = r.GetString(4),
        Rules = JsonSerializer.Deserialize(r.GetString(5), LedgerJsonContext.Default.CardRules) ?? new CardRules(),
        StipSequence = r.GetInt64(6),
        UsageDay = r.IsDBNull(7) ? null : r.GetString(7),
        DayAmount = Amount(r, 8),
        DayCount = r.GetInt32(9),
        UsageMonth = r.IsDBNull(10) ? null : r.GetString(10),
        MonthAmount = Amount(r, 11),
        MonthCount = r.GetInt32(12),
    };

    internal static List<Hold> ReadHolds(SqliteCommand command)
    {
        var holds = new List<Hold>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            holds.Add(new Hold
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
            });
        }

        return holds;
    }

    // Cached commands belong to the cache; uncached ones (read-side sessions) are disposed by the caller.
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

        public object? ExecuteScalar() => command.ExecuteScalar();

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
