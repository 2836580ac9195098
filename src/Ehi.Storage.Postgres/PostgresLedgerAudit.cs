using System.Runtime.CompilerServices;
using Ehi.Core.Classification;
using Ehi.Processing.Ledger;
using Ehi.Processing.Storage;
using Npgsql;

namespace Ehi.Storage.Postgres;

/// <summary>A read-only repeatable-read transaction: every query sees the same snapshot, so hosts
/// writing meanwhile cannot produce a false alarm.</summary>
internal sealed class PostgresLedgerAudit : ILedgerAudit
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private PostgresLedgerAudit(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public static async Task<PostgresLedgerAudit> OpenAsync(NpgsqlDataSource data, CancellationToken cancellationToken)
    {
        var connection = await data.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        return new PostgresLedgerAudit(connection, transaction);
    }

    public IAsyncEnumerable<CardAccount> AccountsAsync(CancellationToken cancellationToken) =>
        ReadAsync($"SELECT {PostgresLedgerRows.AccountColumns} FROM accounts ORDER BY token", PostgresLedgerRows.ReadAccount, cancellationToken);

    public IAsyncEnumerable<Hold> HoldsAsync(CancellationToken cancellationToken) =>
        ReadAsync($"SELECT {PostgresLedgerRows.HoldColumns} FROM holds ORDER BY id", PostgresLedgerRows.ReadHold, cancellationToken);

    public IAsyncEnumerable<Posting> PostingsAsync(CancellationToken cancellationToken) =>
        ReadAsync("SELECT txn_id, token, account, amount, reason FROM postings ORDER BY id", r => new Posting(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetDecimal(3), r.GetString(4)), cancellationToken);

    public IAsyncEnumerable<UnmatchedRecord> UnmatchedAsync(CancellationToken cancellationToken) =>
        ReadAsync("SELECT txn_id, token, kind, reason, received_at FROM unmatched ORDER BY id", r => new UnmatchedRecord(r.GetInt64(0), r.IsDBNull(1) ? null : r.GetInt64(1), Enum.Parse<MessageKind>(r.GetString(2)), r.GetString(3)) { At = r.IsDBNull(4) ? null : r.GetFieldValue<DateTimeOffset>(4) }, cancellationToken);

    public IAsyncEnumerable<FinancialRecord> FinancialsAsync(CancellationToken cancellationToken) =>
        ReadAsync($"SELECT {PostgresLedgerRows.FinancialColumns} FROM financials ORDER BY id", PostgresLedgerRows.ReadFinancial, cancellationToken);

    public IAsyncEnumerable<LedgerDecisionRecord> LedgerDecisionsAsync(CancellationToken cancellationToken) =>
        ReadAsync("SELECT txn_id, kind, effect, posting_legs FROM messages WHERE decided_by = 'ledger' ORDER BY seq", r => new LedgerDecisionRecord(r.GetInt64(0), Enum.Parse<MessageKind>(r.GetString(1)), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetInt32(3)), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private async IAsyncEnumerable<T> ReadAsync<T>(string sql, Func<NpgsqlDataReader, T> read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, _connection, _transaction);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return read(r);
        }
    }
}
