using Ehi.Processing.Journal;
using Npgsql;

namespace Ehi.Storage.Postgres;

/// <summary>The PostgreSQL schema in numbered steps. Applied at start (or by <c>ehi db migrate</c>)
/// inside one transaction holding an advisory lock, so hosts starting together apply each step once;
/// a database written by a newer ehi is refused. Money is <c>numeric</c> (exact, and kept at the
/// scale it was written with, so answers are the same bytes as on SQLite); ids are <c>bigint</c>.</summary>
public static class PostgresSchema
{
    // "ehi-schema" as a 64-bit advisory lock key.
    private const long LockKey = 0x6568692d736368;

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE messages (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            txn_id bigint NOT NULL,
            variant smallint NOT NULL,
            kind text NOT NULL,
            category text NOT NULL,
            mtid text, txn_type text, proc_code text,
            token bigint, lifecycle text, trans_link text, product_id bigint, sending_attempt integer,
            flavour text NOT NULL,
            received_at timestamptz NOT NULL,
            elapsed_us bigint NOT NULL,
            body bytea NOT NULL, content_type text,
            answer bytea NOT NULL, answer_content_type text NOT NULL,
            acknowledged boolean NOT NULL,
            response_status text, decision text NOT NULL, decided_by text, reconciliation text, late_decision text,
            effect text, posting_legs integer,
            traceparent text, client_thumbprint text, remote_address text,
            CONSTRAINT messages_key UNIQUE (txn_id, variant)
        );
        CREATE INDEX messages_token ON messages (token);
        CREATE INDEX messages_lifecycle ON messages (lifecycle);
        CREATE INDEX messages_received ON messages (received_at);
        CREATE TABLE rejected (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            received_at timestamptz NOT NULL, problem_type text NOT NULL, detail text NOT NULL,
            body bytea NOT NULL, content_type text, traceparent text, client_thumbprint text, remote_address text
        );
        CREATE TABLE cutoffs (
            cutoff_id bigint PRIMARY KEY,
            product_id bigint, first_txn bigint NOT NULL, last_txn bigint NOT NULL,
            reported jsonb NOT NULL, counted jsonb NOT NULL, differences jsonb NOT NULL,
            body bytea NOT NULL, answer bytea NOT NULL, answer_content_type text NOT NULL, received_at timestamptz NOT NULL
        );
        CREATE TABLE accounts (
            token bigint PRIMARY KEY,
            currency text NOT NULL,
            actual numeric NOT NULL, blocked numeric NOT NULL,
            status text NOT NULL, rules jsonb NOT NULL, stip_sequence bigint NOT NULL,
            usage_day text, day_amount numeric NOT NULL, day_count integer NOT NULL,
            usage_month text, month_amount numeric NOT NULL, month_count integer NOT NULL
        );
        CREATE TABLE holds (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            token bigint NOT NULL, lifecycle text, trans_link text, auth_code text, txn_id bigint NOT NULL,
            txn_currency text, authorised numeric NOT NULL, amount numeric NOT NULL, open boolean NOT NULL
        );
        CREATE UNIQUE INDEX holds_txn ON holds (txn_id);
        CREATE INDEX holds_lifecycle ON holds (token, lifecycle) WHERE open;
        CREATE INDEX holds_link ON holds (token, trans_link) WHERE open;
        CREATE INDEX holds_code ON holds (token, auth_code) WHERE open;
        CREATE TABLE postings (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            txn_id bigint NOT NULL, token bigint NOT NULL, account text NOT NULL, amount numeric NOT NULL, reason text NOT NULL
        );
        CREATE INDEX postings_token ON postings (token);
        CREATE INDEX postings_txn ON postings (txn_id);
        CREATE TABLE unmatched (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, txn_id bigint NOT NULL, token bigint, kind text NOT NULL, reason text NOT NULL
        );
        """,
        """
        ALTER TABLE unmatched ADD COLUMN received_at timestamptz;
        CREATE TABLE financials (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            txn_id bigint NOT NULL, token bigint NOT NULL, kind text NOT NULL,
            arn text, trans_link text, lifecycle text, auth_code text,
            txn_amount numeric, txn_currency text, pos_time text, rrn text, merchant_id text,
            bill_amount numeric, bill_currency text,
            original_txn_id bigint, match_rule text, received_at timestamptz NOT NULL
        );
        CREATE INDEX financials_arn ON financials (token, arn);
        CREATE INDEX financials_link ON financials (token, trans_link);
        CREATE INDEX financials_lifecycle ON financials (token, lifecycle);
        CREATE INDEX financials_original ON financials (original_txn_id);
        """,
        """
        CREATE TABLE conflicts (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            txn_id bigint NOT NULL, variant smallint NOT NULL,
            detected_at timestamptz NOT NULL, flavour text NOT NULL, sending_attempt integer,
            differences jsonb NOT NULL,
            body bytea NOT NULL, content_type text, remote_address text
        );
        CREATE INDEX conflicts_detected ON conflicts (detected_at);
        """,
    ];

    /// <summary>The newest schema this build knows.</summary>
    public static int Version => Migrations.Length;

    /// <summary>Applies the missing steps; returns the version before and after.</summary>
    /// <exception cref="JournalUnavailableException">The database is newer than this ehi, or cannot be reached.</exception>
    public static async Task<(int Before, int After)> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS ehi_schema (version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken).ConfigureAwait(false);
        int before = await CurrentAsync(connection, cancellationToken).ConfigureAwait(false);
        Refuse(before);
        for (int step = before; step < Migrations.Length; step++)
        {
            await ExecuteAsync(connection, Migrations[step], cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"INSERT INTO ehi_schema (version) VALUES ({step + 1})", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (before, Migrations.Length);
    }

    /// <summary>The schema version of the database (0 when empty).</summary>
    public static async Task<int> CurrentAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass('ehi_schema') IS NOT NULL", connection);
        if (!(bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
        {
            return 0;
        }

        await using var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM ehi_schema", connection);
        return (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static void Refuse(int version)
    {
        if (version > Migrations.Length)
        {
            throw new JournalUnavailableException($"the database has schema version {version} but this ehi knows up to {Migrations.Length}; run a newer ehi");
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
