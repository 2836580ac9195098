using System.Globalization;
using Ehi.Processing.Journal;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Ehi.Cli.Tests;

/// <summary>Makes journal rows old without waiting days: the server has no clock setting (and should
/// not get one for tests), so the rows a real <c>ehi serve</c> wrote have their <c>received_at</c>
/// moved back in the database itself, the only column changed. Everything else (bodies, answers,
/// ledger effects, holds, postings) is what the server wrote.</summary>
internal static class JournalAging
{
    /// <summary>Moves every message, Cut-Off and refused body back by <paramref name="age"/>.</summary>
    public static Task AgeAllAsync(ServedLedger served, TimeSpan age) => served.Store[0] == "--data"
        ? Task.Run(() => AgeSqlite(served.Store[1], age, key: null))
        : AgePostgresAsync(served.Store[1], age, key: null);

    /// <summary>Sets one message's received time to <paramref name="age"/> ago.</summary>
    public static Task AgeOneAsync(ServedLedger served, JournalKey key, TimeSpan age) => served.Store[0] == "--data"
        ? Task.Run(() => AgeSqlite(served.Store[1], age, key))
        : AgePostgresAsync(served.Store[1], age, key);

    private static void AgeSqlite(string directory, TimeSpan age, JournalKey? key)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "journal.db"), DefaultTimeout = 30, Pooling = false }.ToString());
        connection.Open();
        using var transaction = connection.BeginTransaction();
        foreach (var (table, id) in key is null ? new[] { ("messages", "seq"), ("cutoffs", "cutoff_id"), ("rejected", "seq") } : [("messages", "seq")])
        {
            var rows = new List<(long Id, string At)>();
            using (var read = connection.CreateCommand())
            {
                read.Transaction = transaction;
                read.CommandText = $"SELECT {id}, received_at FROM {table}" + (key is { } k ? $" WHERE txn_id = {k.TxnId} AND variant = {(k.ThreddDecision ? 1 : 0)}" : string.Empty);
                using var reader = read.ExecuteReader();
                while (reader.Read())
                {
                    rows.Add((reader.GetInt64(0), reader.GetString(1)));
                }
            }

            foreach (var (rowId, at) in rows)
            {
                var then = key is null ? DateTimeOffset.Parse(at, CultureInfo.InvariantCulture) - age : DateTimeOffset.UtcNow - age;
                using var update = connection.CreateCommand();
                update.Transaction = transaction;
                update.CommandText = $"UPDATE {table} SET received_at = $at WHERE {id} = $id";
                update.Parameters.AddWithValue("$at", then.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                update.Parameters.AddWithValue("$id", rowId);
                update.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    private static async Task AgePostgresAsync(string connectionString, TimeSpan age, JournalKey? key)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        string sql = key is { } k
            ? $"UPDATE messages SET received_at = now() - $1 WHERE txn_id = {k.TxnId} AND variant = {(k.ThreddDecision ? 1 : 0)}"
            : "UPDATE messages SET received_at = received_at - $1; UPDATE cutoffs SET received_at = received_at - $1; UPDATE rejected SET received_at = received_at - $1";
        foreach (string statement in sql.Split("; "))
        {
            await using var command = new NpgsqlCommand(statement, connection);
            command.Parameters.Add(new() { Value = age });
            await command.ExecuteNonQueryAsync();
        }
    }
}
