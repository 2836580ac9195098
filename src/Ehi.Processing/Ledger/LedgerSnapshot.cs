namespace Ehi.Processing.Ledger;

/// <summary>What a store read for one unit of ledger work (<see cref="LedgerReads"/>): the cards
/// (locked until the unit commits) and the matching holds.</summary>
/// <param name="Accounts">The cards that exist among those read.</param>
/// <param name="Holds">The holds read, by id.</param>
public sealed record LedgerSnapshot(IReadOnlyDictionary<long, CardAccount> Accounts, IReadOnlyList<Hold> Holds)
{
    /// <summary>Nothing read.</summary>
    public static LedgerSnapshot Empty { get; } = new(new Dictionary<long, CardAccount>(), []);

    /// <summary>The earlier financial messages read for matching, oldest first.</summary>
    public IReadOnlyList<FinancialRecord> Financials { get; init; } = [];
}
