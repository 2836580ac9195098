using Ehi.Core.Classification;
using Ehi.Processing.Ledger;

namespace Ehi.Journal.Sqlite;

/// <summary>Ledger reads: a card with its holds and postings, and the invariant checks.</summary>
public sealed partial class SqliteJournal : ILedgerQueries
{
    private static readonly HashSet<string> MoneyKinds =
    [
        nameof(MessageKind.AuthorisationRequest), nameof(MessageKind.OnlineFinancialRequest), nameof(MessageKind.AuthorisationAdvice),
        nameof(MessageKind.AuthorisationReversal), nameof(MessageKind.AfdCompletionReversal), nameof(MessageKind.AutomaticReversal),
        nameof(MessageKind.OnlineFinancialAdvice), nameof(MessageKind.OnlineFinancialReversal), nameof(MessageKind.Presentment),
        nameof(MessageKind.SecondPresentment), nameof(MessageKind.FinancialReversal), nameof(MessageKind.Chargeback),
        nameof(MessageKind.ChargebackReversal), nameof(MessageKind.Load), nameof(MessageKind.Unload), nameof(MessageKind.Payment),
        nameof(MessageKind.BalanceAdjustment), nameof(MessageKind.Fee), nameof(MessageKind.ThreddDecisionNotification),
    ];

    /// <inheritdoc />
    public ValueTask<CardSnapshot?> GetCardAsync(long token, CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        using var transaction = connection.BeginTransaction(deferred: true);
        var account = new SqliteLedgerSession(connection, transaction).GetAccount(token);
        if (account is null)
        {
            return ValueTask.FromResult<CardSnapshot?>(null);
        }

        var holds = new SqliteLedgerSession(connection, transaction).OpenHolds(token);
        var postings = new List<PostingRecord>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT txn_id, account, amount, reason FROM postings WHERE token = $t ORDER BY id";
            command.Parameters.AddWithValue("$t", token);
            using var r = command.ExecuteReader();
            while (r.Read())
            {
                postings.Add(new PostingRecord(r.GetInt64(0), r.GetString(1), SqliteLedgerSession.Amount(r, 2), r.GetString(3)));
            }
        }

        return ValueTask.FromResult<CardSnapshot?>(new CardSnapshot(account, holds, postings));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        // One snapshot for every check, so a write in between cannot produce a false alarm.
        using var transaction = connection.BeginTransaction(deferred: true);
        var violations = new List<string>();
        decimal total = 0;
        var actual = new Dictionary<long, decimal>();
        var blocked = new Dictionary<long, decimal>();
        var postedTxns = new HashSet<long>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT txn_id, token, account, amount FROM postings";
            using var r = command.ExecuteReader();
            while (r.Read())
            {
                decimal amount = SqliteLedgerSession.Amount(r, 3);
                total += amount;
                postedTxns.Add(r.GetInt64(0));
                var bucket = r.GetString(2) switch
                {
                    PostingLeg.CardActual => actual,
                    PostingLeg.CardBlocked => blocked,
                    _ => null,
                };
                if (bucket is not null)
                {
                    bucket[r.GetInt64(1)] = bucket.GetValueOrDefault(r.GetInt64(1)) + amount;
                }
            }
        }

        if (total != 0m)
        {
            violations.Add($"postings do not balance: they sum to {total}");
        }

        var openHolds = new Dictionary<long, decimal>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT token, txn_id, amount, open FROM holds";
            using var r = command.ExecuteReader();
            while (r.Read())
            {
                decimal amount = SqliteLedgerSession.Amount(r, 2);
                if (amount < 0)
                {
                    violations.Add($"the hold of TXn_ID {r.GetInt64(1)} is negative ({amount})");
                }

                if (r.GetInt64(3) == 1)
                {
                    openHolds[r.GetInt64(0)] = openHolds.GetValueOrDefault(r.GetInt64(0)) + amount;
                }
            }
        }

        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT token, currency, actual, blocked, status, rules, stip_sequence, usage_day, day_amount, day_count, usage_month, month_amount, month_count FROM accounts";
            using var r = command.ExecuteReader();
            while (r.Read())
            {
                var account = SqliteLedgerSession.ReadAccount(r);
                if (account.Actual != actual.GetValueOrDefault(account.Token))
                {
                    violations.Add($"card {account.Token}: actual balance {account.Actual} but its postings sum to {actual.GetValueOrDefault(account.Token)}");
                }

                if (account.Blocked != blocked.GetValueOrDefault(account.Token))
                {
                    violations.Add($"card {account.Token}: blocked amount {account.Blocked} but its postings sum to {blocked.GetValueOrDefault(account.Token)}");
                }

                if (account.Blocked != openHolds.GetValueOrDefault(account.Token))
                {
                    violations.Add($"card {account.Token}: blocked amount {account.Blocked} but its open holds sum to {openHolds.GetValueOrDefault(account.Token)}");
                }
            }
        }

        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                SELECT txn_id, variant, kind, effect FROM messages WHERE decided_by = 'ledger'
                """;
            using var r = command.ExecuteReader();
            while (r.Read())
            {
                long txn = r.GetInt64(0);
                if (!MoneyKinds.Contains(r.GetString(2)))
                {
                    continue;
                }

                if (r.IsDBNull(3))
                {
                    violations.Add($"message {txn} ({r.GetString(2)}) has no ledger effect recorded");
                }
                else if (r.GetString(3).StartsWith("posted: ", StringComparison.Ordinal) && !postedTxns.Contains(txn))
                {
                    violations.Add($"message {txn} ({r.GetString(2)}) says it posted ({r.GetString(3)}) but has no postings");
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyList<string>>(violations);
    }
}
