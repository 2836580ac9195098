using Ehi.Processing.Ledger;
using Ehi.Processing.Storage;

namespace Ehi.Storage.Sqlite;

/// <summary>The ledger port: administration work on the writer, card reads and the audit view on readers.</summary>
public sealed partial class SqliteStore
{
    /// <inheritdoc />
    public async ValueTask<T> ExecuteAsync<T>(LedgerUnit<T> unit, CancellationToken cancellationToken)
    {
        var result = await EnqueueAsync((connection, transaction) =>
        {
            var rows = new SqliteLedgerRows(connection, transaction, _statements);
            var change = unit.Run(rows.Load(unit.Reads));
            rows.Write(change.Effects);
            return change.Result;
        }).ConfigureAwait(false);
        if (unit.Reads.TokenRange is not null)
        {
            // A bulk card load (a range of tokens) returns once its pages are in the database, so
            // the messages that follow do not wait behind a checkpoint of tens of megabytes.
            await CheckpointAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <inheritdoc />
    public ValueTask<CardSnapshot?> GetCardAsync(long token, CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        using var transaction = connection.BeginTransaction(deferred: true);
        var rows = new SqliteLedgerRows(connection, transaction);
        if (rows.Account(token) is not { } account)
        {
            return ValueTask.FromResult<CardSnapshot?>(null);
        }

        var holds = rows.OpenHolds(token);
        var postings = new List<PostingRecord>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT txn_id, account, amount, reason FROM postings WHERE token = $t ORDER BY id";
            command.Parameters.AddWithValue("$t", token);
            using var r = command.ExecuteReader();
            while (r.Read())
            {
                postings.Add(new PostingRecord(r.GetInt64(0), r.GetString(1), SqliteLedgerRows.Amount(r, 2), r.GetString(3)));
            }
        }

        return ValueTask.FromResult<CardSnapshot?>(new CardSnapshot(account, holds, postings));
    }

    /// <inheritdoc />
    public ValueTask<ILedgerAudit> OpenAuditAsync(CancellationToken cancellationToken)
    {
        var connection = OpenReader();
        return ValueTask.FromResult<ILedgerAudit>(new SqliteLedgerAudit(connection));
    }
}
