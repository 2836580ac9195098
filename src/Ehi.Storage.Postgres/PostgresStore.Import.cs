using Ehi.Processing.Storage;
using Npgsql;

namespace Ehi.Storage.Postgres;

/// <summary>Taking a whole journal and ledger from another store (<c>ehi journal copy</c>).</summary>
public sealed partial class PostgresStore : IStoreImport
{
    private const int ImportChunk = 2000;

    /// <inheritdoc />
    public async ValueTask<bool> IsEmptyAsync(CancellationToken cancellationToken) =>
        await ReadAsync(
            async connection =>
            {
                await using var command = new NpgsqlCommand("SELECT NOT EXISTS (SELECT 1 FROM messages) AND NOT EXISTS (SELECT 1 FROM cutoffs) AND NOT EXISTS (SELECT 1 FROM rejected) AND NOT EXISTS (SELECT 1 FROM conflicts) AND NOT EXISTS (SELECT 1 FROM accounts)", connection);
                return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            },
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask ImportAsync(StoreContents contents, CancellationToken cancellationToken) =>
        await RunAsync(
            async (connection, transaction) =>
            {
                foreach (var chunk in contents.Messages.Chunk(ImportChunk))
                {
                    await using var batch = new NpgsqlBatch(connection, transaction);
                    foreach (var entry in chunk)
                    {
                        AddInsert(batch, entry);
                    }

                    await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                foreach (var cutOff in contents.CutOffs)
                {
                    await InsertCutOffAsync(connection, transaction, cutOff, cancellationToken).ConfigureAwait(false);
                }

                foreach (var rejected in contents.Rejected)
                {
                    await InsertRejectedAsync(connection, rejected, cancellationToken).ConfigureAwait(false);
                }

                foreach (var conflict in contents.Conflicts)
                {
                    await InsertConflictAsync(connection, conflict, cancellationToken).ConfigureAwait(false);
                }

                await using (var batch = new NpgsqlBatch(connection, transaction))
                {
                    PostgresLedgerRows.AddWrites(batch, contents.Ledger);
                    if (batch.BatchCommands.Count > 0)
                    {
                        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            },
            cancellationToken).ConfigureAwait(false);
}
