using Microsoft.Data.Sqlite;

namespace Ehi.Storage.Sqlite;

/// <summary>Prepared statements of the writer connection, reused across messages. Preparing a
/// statement costs more than running it, and every write runs on the single writer thread, so
/// re-preparing on each message would cap the whole server's rate.</summary>
internal sealed class StatementCache(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The command for <paramref name="sql"/>, bound to <paramref name="transaction"/>, with no parameters.</summary>
    public SqliteCommand Get(string sql, SqliteTransaction transaction)
    {
        var command = Get(sql, transaction, []);
        command.Parameters.Clear();
        return command;
    }

    /// <summary>The command for <paramref name="sql"/>, bound to <paramref name="transaction"/>, with
    /// one parameter per name in <paramref name="names"/>, in that order, created once: the caller sets
    /// every <see cref="SqliteParameter.Value"/> by position before each run. (The journal insert has 30
    /// parameters; creating them for every message was an eighth of what a static message allocated.)</summary>
    public SqliteCommand Get(string sql, SqliteTransaction transaction, string[] names)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (string name in names)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            _commands[sql] = command;
        }

        command.Transaction = transaction;
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
