using System.Runtime.CompilerServices;
using Ehi.Core.Classification;
using Ehi.Processing.Ledger;
using Ehi.Processing.Storage;
using Microsoft.Data.Sqlite;

namespace Ehi.Storage.Sqlite;

/// <summary>A read transaction on its own connection: in WAL mode every statement in it sees the
/// same snapshot, so a write in between cannot produce a false alarm.</summary>
internal sealed class SqliteLedgerAudit : ILedgerAudit
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;

    public SqliteLedgerAudit(SqliteConnection connection)
    {
        _connection = connection;
        _transaction = connection.BeginTransaction(deferred: true);
    }

    public IAsyncEnumerable<CardAccount> AccountsAsync(CancellationToken cancellationToken) =>
        ReadAsync($"SELECT {SqliteLedgerRows.AccountColumns} FROM accounts ORDER BY token", SqliteLedgerRows.ReadAccount, cancellationToken);

    public IAsyncEnumerable<Hold> HoldsAsync(CancellationToken cancellationToken) =>
        ReadAsync($"SELECT {SqliteLedgerRows.HoldColumns} FROM holds ORDER BY id", SqliteLedgerRows.ReadHold, cancellationToken);

    public IAsyncEnumerable<Posting> PostingsAsync(CancellationToken cancellationToken) =>
        ReadAsync("SELECT txn_id, token, account, amount, reason FROM postings ORDER BY id", r => new Posting(r.GetInt64(0), r.GetInt64(1), r.GetString(2), SqliteLedgerRows.Amount(r, 3), r.GetString(4)), cancellationToken);

    public IAsyncEnumerable<UnmatchedRecord> UnmatchedAsync(CancellationToken cancellationToken) =>
        ReadAsync("SELECT txn_id, token, kind, reason, received_at FROM unmatched ORDER BY id", r => new UnmatchedRecord(r.GetInt64(0), r.IsDBNull(1) ? null : r.GetInt64(1), Enum.Parse<MessageKind>(r.GetString(2)), r.GetString(3)) { At = r.IsDBNull(4) ? null : SqliteStore.Time(r.GetString(4)) }, cancellationToken);

    public IAsyncEnumerable<FinancialRecord> FinancialsAsync(CancellationToken cancellationToken) =>
        ReadAsync($"SELECT {SqliteLedgerRows.FinancialColumns} FROM financials ORDER BY id", SqliteLedgerRows.ReadFinancial, cancellationToken);

    public IAsyncEnumerable<LedgerDecisionRecord> LedgerDecisionsAsync(CancellationToken cancellationToken) =>
        ReadAsync("SELECT txn_id, kind, effect, posting_legs FROM messages WHERE decided_by = 'ledger' ORDER BY seq", r => new LedgerDecisionRecord(r.GetInt64(0), Enum.Parse<MessageKind>(r.GetString(1)), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetInt32(3)), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private async IAsyncEnumerable<T> ReadAsync<T>(string sql, Func<SqliteDataReader, T> read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return read(r);
        }
    }
}
