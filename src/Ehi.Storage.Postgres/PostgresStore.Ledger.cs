using Ehi.Processing.Ledger;
using Ehi.Processing.Storage;
using Npgsql;

namespace Ehi.Storage.Postgres;

/// <summary>The ledger port: administration work in its own transaction, card reads, the audit view.</summary>
public sealed partial class PostgresStore
{
    /// <inheritdoc />
    public async ValueTask<T> ExecuteAsync<T>(LedgerUnit<T> unit, CancellationToken cancellationToken) =>
        await RunAsync(
            async (connection, transaction) =>
            {
                var rows = new PostgresLedgerRows(connection);
                var change = unit.Run(await rows.LoadAsync(unit.Reads, forUpdate: true, cancellationToken).ConfigureAwait(false));
                if (!change.Effects.IsEmpty)
                {
                    await using var batch = new NpgsqlBatch(connection);
                    PostgresLedgerRows.AddWrites(batch, change.Effects);
                    await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return change.Result;
            },
            cancellationToken,
            retryUniqueViolation: true).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<CardSnapshot?> GetCardAsync(long token, CancellationToken cancellationToken) =>
        await ReadAsync(
            async connection =>
            {
                await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
                var snapshot = await new PostgresLedgerRows(connection).LoadAsync(LedgerReads.Card(token), forUpdate: false, cancellationToken).ConfigureAwait(false);
                if (!snapshot.Accounts.TryGetValue(token, out var account))
                {
                    return null;
                }

                var holds = new List<Hold>();
                await using (var command = new NpgsqlCommand($"SELECT {PostgresLedgerRows.HoldColumns} FROM holds WHERE token = $1 AND open ORDER BY id", connection, transaction))
                {
                    command.Parameters.Add(new() { Value = token });
                    await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        holds.Add(PostgresLedgerRows.ReadHold(r));
                    }
                }

                var postings = new List<PostingRecord>();
                await using (var command = new NpgsqlCommand("SELECT txn_id, account, amount, reason FROM postings WHERE token = $1 ORDER BY id", connection, transaction))
                {
                    command.Parameters.Add(new() { Value = token });
                    await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        postings.Add(new PostingRecord(r.GetInt64(0), r.GetString(1), r.GetDecimal(2), r.GetString(3)));
                    }
                }

                return new CardSnapshot(account, holds, postings);
            },
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<ILedgerAudit> OpenAuditAsync(CancellationToken cancellationToken) =>
        await ReadAsync<ILedgerAudit>(
            async _ => await PostgresLedgerAudit.OpenAsync(_data, cancellationToken).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
}
