using Ehi.Core.Classification;

namespace Ehi.Processing.Ledger;

/// <summary>The in-memory <see cref="ILedgerSession"/> of one unit of work: starts from what the
/// store read (<see cref="LedgerSnapshot"/>) and collects every change as <see cref="LedgerEffects"/>.
/// The ledger's rules run here without touching storage, so any backend can run them.</summary>
public sealed class LedgerWorkingSet : ILedgerSession
{
    private readonly Dictionary<long, CardAccount> _accounts;
    private readonly HashSet<long> _existing;
    private readonly List<long> _changedAccounts = [];
    private readonly List<Hold> _holds;
    private readonly List<long> _changedHolds = [];
    private readonly List<Posting> _postings = [];
    private readonly List<UnmatchedRecord> _unmatched = [];
    private readonly List<FinancialRecord> _financials;
    private readonly List<FinancialRecord> _newFinancials = [];
    private readonly DateTimeOffset? _now;
    private long _nextNewHold;

    /// <summary>Starts from a snapshot; <paramref name="now"/> stamps unmatched messages.</summary>
    public LedgerWorkingSet(LedgerSnapshot snapshot, DateTimeOffset? now = null)
    {
        _now = now;
        _financials = [.. snapshot.Financials];
        _accounts = new Dictionary<long, CardAccount>(snapshot.Accounts);
        _existing = [.. snapshot.Accounts.Keys];
        _holds = [.. snapshot.Holds.OrderBy(h => h.Id)];
    }

    /// <summary>The changes made so far.</summary>
    public LedgerEffects Effects => new(
        [.. _changedAccounts.Select(t => new AccountWrite(_accounts[t], !_existing.Contains(t)))],
        [.. _changedHolds.Select(id => _holds.First(h => h.Id == id))],
        [.. _postings],
        [.. _unmatched])
    { Financials = [.. _newFinancials] };

    /// <inheritdoc />
    public IReadOnlyList<FinancialRecord> Financials => _financials;

    /// <inheritdoc />
    public void RecordFinancial(FinancialRecord record)
    {
        _financials.Add(record);
        _newFinancials.Add(record);
    }

    /// <inheritdoc />
    public CardAccount? GetAccount(long token) => _accounts.GetValueOrDefault(token);

    /// <inheritdoc />
    public void PutAccount(CardAccount account)
    {
        if (!_changedAccounts.Contains(account.Token))
        {
            _changedAccounts.Add(account.Token);
        }

        _accounts[account.Token] = account;
    }

    /// <inheritdoc />
    public IReadOnlyList<Hold> CandidateHolds(long token, string? lifecycle, string? transLink, string? authCode, long? txnId) =>
        [.. _holds.Where(h => h.Open && h.Token == token
            && ((lifecycle is not null && h.Lifecycle == lifecycle)
                || (transLink is not null && h.TransLink == transLink)
                || (authCode is not null && h.AuthCode == authCode)
                || (txnId is not null && h.TxnId == txnId)))];

    /// <inheritdoc />
    public Hold? HoldOf(long txnId) => _holds.FirstOrDefault(h => h.TxnId == txnId);

    /// <inheritdoc />
    public Hold PutHold(Hold hold)
    {
        if (hold.Id == 0)
        {
            // New holds get negative ids until the store inserts them; they sort after the stored ones.
            hold = hold with { Id = --_nextNewHold };
            _holds.Add(hold);
        }
        else
        {
            _holds[_holds.FindIndex(h => h.Id == hold.Id)] = hold;
        }

        if (!_changedHolds.Contains(hold.Id))
        {
            _changedHolds.Add(hold.Id);
        }

        return hold;
    }

    /// <inheritdoc />
    public void Post(long txnId, long token, string reason, IReadOnlyList<PostingLeg> legs)
    {
        if (legs.Sum(l => l.Amount) != 0m)
        {
            throw new InvalidOperationException($"postings for {txnId} do not balance: {string.Join(", ", legs)}");
        }

        var account = GetAccount(token) ?? throw new InvalidOperationException($"no account for token {token}");
        foreach (var leg in legs.Where(l => l.Amount != 0m))
        {
            _postings.Add(new Posting(txnId, token, leg.Account, leg.Amount, reason));
            account = leg.Account switch
            {
                PostingLeg.CardActual => account with { Actual = account.Actual + leg.Amount },
                PostingLeg.CardBlocked => account with { Blocked = account.Blocked + leg.Amount },
                _ => account,
            };
        }

        PutAccount(account);
    }

    /// <inheritdoc />
    public void RecordUnmatched(long txnId, long? token, MessageKind kind, string reason) =>
        _unmatched.Add(new UnmatchedRecord(txnId, token, kind, reason) { At = _now });
}
