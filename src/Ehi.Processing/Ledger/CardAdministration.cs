using Ehi.Processing.Storage;

namespace Ehi.Processing.Ledger;

/// <summary>What the admin API does to cards: create, load, unload, status, rules. Every change is a
/// unit of ledger work in its own transaction with the card read for update, so it is serialised
/// with the messages on that card and posts balanced entries. Admin postings carry negative ids,
/// apart from Thredd's TXn_IDs.</summary>
public sealed class CardAdministration(ILedgerStore store, TimeProvider time)
{
    private long _lastId;

    /// <summary>Creates a card; returns false when the token exists.</summary>
    public ValueTask<bool> CreateAsync(long token, string currency, decimal balance, string status, CancellationToken cancellationToken)
    {
        long id = NextId();
        return RunAsync(LedgerReads.Card(token), s =>
        {
            if (s.GetAccount(token) is not null)
            {
                return false;
            }

            s.PutAccount(new CardAccount { Token = token, Currency = currency, Status = status });
            if (balance != 0m)
            {
                s.Post(id, token, "opening balance", [new(PostingLeg.CardActual, balance), new(LedgerEngine.FundingAccount, -balance)]);
            }

            return true;
        }, cancellationToken);
    }

    /// <summary>Creates many funded cards in one transaction (benchmarks, simulations).</summary>
    public ValueTask<int> CreateManyAsync(long firstToken, int count, string currency, decimal balance, CancellationToken cancellationToken)
    {
        long id = NextId();
        return RunAsync(new LedgerReads { TokenRange = (firstToken, count) }, s =>
        {
            int created = 0;
            for (long token = firstToken; token < firstToken + count; token++)
            {
                if (s.GetAccount(token) is not null)
                {
                    continue;
                }

                s.PutAccount(new CardAccount { Token = token, Currency = currency });
                s.Post(id, token, "opening balance", [new(PostingLeg.CardActual, balance), new(LedgerEngine.FundingAccount, -balance)]);
                created++;
            }

            return created;
        }, cancellationToken);
    }

    /// <summary>Loads (positive) or unloads (negative) a card; refused when the card is unknown or an unload exceeds the available balance.</summary>
    public ValueTask<AdminOutcome> MoveAsync(long token, decimal amount, CancellationToken cancellationToken)
    {
        long id = NextId();
        return RunAsync(LedgerReads.Card(token), s =>
        {
            if (s.GetAccount(token) is not { } account)
            {
                return AdminOutcome.UnknownCard;
            }

            if (amount < 0 && account.Available < -amount)
            {
                return AdminOutcome.InsufficientFunds;
            }

            s.Post(id, token, amount >= 0 ? "admin load" : "admin unload", [new(PostingLeg.CardActual, amount), new(LedgerEngine.FundingAccount, -amount)]);
            return AdminOutcome.Done;
        }, cancellationToken);
    }

    /// <summary>Changes a card's status.</summary>
    public ValueTask<AdminOutcome> SetStatusAsync(long token, string status, CancellationToken cancellationToken) =>
        UpdateAsync(token, a => a with { Status = status }, cancellationToken);

    /// <summary>Replaces a card's rules.</summary>
    public ValueTask<AdminOutcome> SetRulesAsync(long token, CardRules rules, CancellationToken cancellationToken) =>
        UpdateAsync(token, a => a with { Rules = rules }, cancellationToken);

    private ValueTask<AdminOutcome> UpdateAsync(long token, Func<CardAccount, CardAccount> change, CancellationToken cancellationToken) =>
        RunAsync(LedgerReads.Card(token), s =>
        {
            if (s.GetAccount(token) is not { } account)
            {
                return AdminOutcome.UnknownCard;
            }

            s.PutAccount(change(account));
            return AdminOutcome.Done;
        }, cancellationToken);

    private ValueTask<T> RunAsync<T>(LedgerReads reads, Func<ILedgerSession, T> work, CancellationToken cancellationToken) =>
        store.ExecuteAsync(
            new LedgerUnit<T>(reads, snapshot =>
            {
                var session = new LedgerWorkingSet(snapshot);
                var result = work(session);
                return new LedgerChange<T>(result, session.Effects);
            }),
            cancellationToken);

    private long NextId()
    {
        long candidate = -time.GetUtcNow().UtcTicks;
        long last;
        do
        {
            last = Interlocked.Read(ref _lastId);
            if (candidate >= last)
            {
                candidate = last - 1;
            }
        }
        while (Interlocked.CompareExchange(ref _lastId, candidate, last) != last);
        return candidate;
    }
}

/// <summary>How an admin change ended.</summary>
public enum AdminOutcome
{
    /// <summary>Applied.</summary>
    Done,

    /// <summary>No such card.</summary>
    UnknownCard,

    /// <summary>An unload larger than the available balance.</summary>
    InsufficientFunds,
}
