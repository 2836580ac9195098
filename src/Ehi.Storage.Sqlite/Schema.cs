using Ehi.Processing.Journal;
using Microsoft.Data.Sqlite;

namespace Ehi.Storage.Sqlite;

/// <summary>The SQLite schema, applied in numbered steps at open; a journal written by a newer ehi
/// (a higher version) is refused rather than misread.</summary>
internal static class Schema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE messages (
            seq INTEGER PRIMARY KEY,
            txn_id BIGINT NOT NULL,
            variant INTEGER NOT NULL,
            kind TEXT NOT NULL,
            category TEXT NOT NULL,
            mtid TEXT, txn_type TEXT, proc_code TEXT,
            token BIGINT, lifecycle TEXT, trans_link TEXT, product_id BIGINT, sending_attempt INTEGER,
            flavour TEXT NOT NULL,
            received_at TEXT NOT NULL,
            elapsed_us BIGINT NOT NULL,
            body BLOB NOT NULL, content_type TEXT,
            answer BLOB NOT NULL, answer_content_type TEXT NOT NULL,
            acknowledged INTEGER NOT NULL,
            response_status TEXT, decision TEXT NOT NULL, decided_by TEXT, reconciliation TEXT, late_decision TEXT, effect TEXT,
            traceparent TEXT, client_thumbprint TEXT,
            UNIQUE (txn_id, variant)
        );
        CREATE INDEX messages_token ON messages (token);
        CREATE INDEX messages_lifecycle ON messages (lifecycle);
        CREATE INDEX messages_received ON messages (received_at);
        CREATE TABLE rejected (
            seq INTEGER PRIMARY KEY,
            received_at TEXT NOT NULL, problem_type TEXT NOT NULL, detail TEXT NOT NULL,
            body BLOB NOT NULL, content_type TEXT, traceparent TEXT, client_thumbprint TEXT
        );
        CREATE TABLE cutoffs (
            cutoff_id BIGINT PRIMARY KEY,
            product_id BIGINT, first_txn BIGINT NOT NULL, last_txn BIGINT NOT NULL,
            reported TEXT NOT NULL, counted TEXT NOT NULL, differences TEXT NOT NULL,
            body BLOB NOT NULL, answer BLOB NOT NULL, answer_content_type TEXT NOT NULL, received_at TEXT NOT NULL
        );
        """,
        """
        CREATE TABLE accounts (
            token BIGINT PRIMARY KEY,
            currency TEXT NOT NULL,
            actual TEXT NOT NULL, blocked TEXT NOT NULL,
            status TEXT NOT NULL, rules TEXT NOT NULL, stip_sequence BIGINT NOT NULL,
            usage_day TEXT, day_amount TEXT NOT NULL, day_count INTEGER NOT NULL,
            usage_month TEXT, month_amount TEXT NOT NULL, month_count INTEGER NOT NULL
        );
        CREATE TABLE holds (
            id INTEGER PRIMARY KEY,
            token BIGINT NOT NULL, lifecycle TEXT, trans_link TEXT, auth_code TEXT, txn_id BIGINT NOT NULL,
            txn_currency TEXT, authorised TEXT NOT NULL, amount TEXT NOT NULL, open INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX holds_txn ON holds (txn_id);
        CREATE TABLE postings (
            id INTEGER PRIMARY KEY,
            txn_id BIGINT NOT NULL, token BIGINT NOT NULL, account TEXT NOT NULL, amount TEXT NOT NULL, reason TEXT NOT NULL
        );
        CREATE INDEX postings_token ON postings (token);
        CREATE INDEX postings_txn ON postings (txn_id);
        CREATE TABLE unmatched (
            id INTEGER PRIMARY KEY, txn_id BIGINT NOT NULL, token BIGINT, kind TEXT NOT NULL, reason TEXT NOT NULL
        );
        CREATE INDEX holds_lifecycle ON holds (token, lifecycle);
        CREATE INDEX holds_link ON holds (token, trans_link);
        CREATE INDEX holds_code ON holds (token, auth_code);

        """,
        """
        ALTER TABLE messages ADD COLUMN remote_address TEXT;
        ALTER TABLE rejected ADD COLUMN remote_address TEXT;
        """,
        """
        ALTER TABLE messages ADD COLUMN posting_legs INTEGER;
        """,
        """
        ALTER TABLE unmatched ADD COLUMN received_at TEXT;
        CREATE TABLE financials (
            id INTEGER PRIMARY KEY,
            txn_id BIGINT NOT NULL, token BIGINT NOT NULL, kind TEXT NOT NULL,
            arn TEXT, trans_link TEXT, lifecycle TEXT, auth_code TEXT,
            txn_amount TEXT, txn_currency TEXT, pos_time TEXT, rrn TEXT, merchant_id TEXT,
            bill_amount TEXT, bill_currency TEXT,
            original_txn_id BIGINT, match_rule TEXT, received_at TEXT NOT NULL
        );
        CREATE INDEX financials_arn ON financials (token, arn);
        CREATE INDEX financials_link ON financials (token, trans_link);
        CREATE INDEX financials_lifecycle ON financials (token, lifecycle);
        CREATE INDEX financials_original ON financials (original_txn_id);
        """,
        """
        CREATE TABLE conflicts (
            seq INTEGER PRIMARY KEY,
            txn_id BIGINT NOT NULL, variant INTEGER NOT NULL,
            detected_at TEXT NOT NULL, flavour TEXT NOT NULL, sending_attempt INTEGER,
            differences TEXT NOT NULL,
            body BLOB NOT NULL, content_type TEXT, remote_address TEXT
        );
        CREATE INDEX conflicts_detected ON conflicts (detected_at);
        """,
    ];

    /// <summary>The newest schema this build knows.</summary>
    public static int Version => Migrations.Length;

    public static void Apply(SqliteConnection connection)
    {
        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        long version = (long)read.ExecuteScalar()!;
        if (version > Migrations.Length)
        {
            throw new JournalUnavailableException($"the journal has schema version {version} but this ehi knows up to {Migrations.Length}; run a newer ehi");
        }

        for (long step = version; step < Migrations.Length; step++)
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, Migrations[step], transaction);
            Execute(connection, $"INSERT INTO schema_version (version) VALUES ({step + 1})", transaction);
            transaction.Commit();
        }
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
