using Ehi.Processing.Journal;
using Microsoft.Data.Sqlite;

namespace Ehi.Storage.Sqlite;

/// <summary>One write waiting for the next group commit. It completes only after the transaction
/// holding it has committed, so its caller never answers before the data is durable.</summary>
internal abstract class WriteOperation
{
    public abstract void Run(SqliteConnection connection, SqliteTransaction transaction);

    public abstract void Complete();

    public abstract void Fail(Exception error);
}

/// <summary>A write with a result.</summary>
internal sealed class WriteOperation<T>(Func<SqliteConnection, SqliteTransaction, T> run) : WriteOperation
{
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Task => _done.Task;

    public override void Run(SqliteConnection connection, SqliteTransaction transaction) => _result = run(connection, transaction);

    public override void Complete() => _done.TrySetResult(_result!);

    public override void Fail(Exception error) =>
        _done.TrySetException(error as JournalUnavailableException ?? new JournalUnavailableException("the journal write failed: " + error.Message, error));
}
