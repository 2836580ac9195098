using Ehi.Core.Classification;
using Ehi.Processing.Storage;

namespace Ehi.Processing.Ledger;

/// <summary>The ledger's invariants (<c>ehi ledger verify</c>), checked over one consistent view of
/// any store: postings balance to zero, every balance equals its postings, blocked amounts equal the
/// open holds and no hold is negative, and every message the ledger decided has the effect its kind
/// requires and the postings it says it wrote.</summary>
public static class LedgerVerifier
{
    private static readonly HashSet<MessageKind> MoneyKinds =
    [
        MessageKind.AuthorisationRequest, MessageKind.OnlineFinancialRequest, MessageKind.AuthorisationAdvice,
        MessageKind.AuthorisationReversal, MessageKind.AfdCompletionReversal, MessageKind.AutomaticReversal,
        MessageKind.OnlineFinancialAdvice, MessageKind.OnlineFinancialReversal, MessageKind.Presentment,
        MessageKind.SecondPresentment, MessageKind.FinancialReversal, MessageKind.Chargeback,
        MessageKind.ChargebackReversal, MessageKind.Load, MessageKind.Unload, MessageKind.Payment,
        MessageKind.BalanceAdjustment, MessageKind.Fee, MessageKind.ThreddDecisionNotification,
    ];

    /// <summary>Every invariant violation found; empty when the ledger is consistent.</summary>
    public static async ValueTask<IReadOnlyList<string>> VerifyAsync(ILedgerStore store, CancellationToken cancellationToken)
    {
        await using var audit = await store.OpenAuditAsync(cancellationToken).ConfigureAwait(false);
        var violations = new List<string>();
        decimal total = 0;
        var actual = new Dictionary<long, decimal>();
        var blocked = new Dictionary<long, decimal>();
        var legsPerTxn = new Dictionary<long, int>();
        await foreach (var posting in audit.PostingsAsync(cancellationToken).ConfigureAwait(false))
        {
            total += posting.Amount;
            legsPerTxn[posting.TxnId] = legsPerTxn.GetValueOrDefault(posting.TxnId) + 1;
            var bucket = posting.Account switch
            {
                PostingLeg.CardActual => actual,
                PostingLeg.CardBlocked => blocked,
                _ => null,
            };
            if (bucket is not null)
            {
                bucket[posting.Token] = bucket.GetValueOrDefault(posting.Token) + posting.Amount;
            }
        }

        if (total != 0m)
        {
            violations.Add($"postings do not balance: they sum to {total}");
        }

        var openHolds = new Dictionary<long, decimal>();
        await foreach (var hold in audit.HoldsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (hold.Amount < 0)
            {
                violations.Add($"the hold of TXn_ID {hold.TxnId} is negative ({hold.Amount})");
            }

            if (hold.Open)
            {
                openHolds[hold.Token] = openHolds.GetValueOrDefault(hold.Token) + hold.Amount;
            }
        }

        await foreach (var account in audit.AccountsAsync(cancellationToken).ConfigureAwait(false))
        {
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

        // A TXn_ID is shared by a request and Thredd's decision notification: compare per TXn_ID.
        var declared = new Dictionary<long, int>();
        await foreach (var decision in audit.LedgerDecisionsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (decision.PostingLegs is { } legs)
            {
                declared[decision.TxnId] = declared.GetValueOrDefault(decision.TxnId) + legs;
            }

            if (!MoneyKinds.Contains(decision.Kind))
            {
                continue;
            }

            if (decision.Effect is null)
            {
                violations.Add($"message {decision.TxnId} ({decision.Kind}) has no ledger effect recorded");
            }
            else if (decision.PostingLegs is null && decision.Effect.StartsWith(LedgerEngine.PostedPrefix, StringComparison.Ordinal) && !legsPerTxn.ContainsKey(decision.TxnId))
            {
                violations.Add($"message {decision.TxnId} ({decision.Kind}) says it posted ({decision.Effect}) but has no postings");
            }
        }

        foreach (var (txn, legs) in declared.Where(d => d.Value != legsPerTxn.GetValueOrDefault(d.Key)))
        {
            violations.Add($"message {txn} recorded {legs} posting leg(s) but the ledger holds {legsPerTxn.GetValueOrDefault(txn)}");
        }

        return violations;
    }
}
