namespace Ehi.Processing.Ledger;

/// <summary>A card's account in the built-in ledger. Available balance is derived (actual minus
/// blocked), so it can never disagree with the two amounts it comes from.</summary>
public sealed record CardAccount
{
    /// <summary>Thredd's public card token.</summary>
    public required long Token { get; init; }

    /// <summary>ISO 4217 numeric currency of the card (Bill_Ccy), e.g. "826".</summary>
    public required string Currency { get; init; }

    /// <summary>Settled balance.</summary>
    public decimal Actual { get; init; }

    /// <summary>Sum of open holds.</summary>
    public decimal Blocked { get; init; }

    /// <summary>Card status: active, inactive, lost, stolen, closed, expired, blocked.</summary>
    public string Status { get; init; } = CardStatuses.Active;

    /// <summary>Authorisation rules of this card.</summary>
    public CardRules Rules { get; init; } = new();

    /// <summary>Last STIP balance sequence sent to Thredd (mode 4).</summary>
    public long StipSequence { get; init; }

    /// <summary>The day (yyyy-MM-dd) the daily counters refer to.</summary>
    public string? UsageDay { get; init; }

    /// <summary>Approved debit amount on <see cref="UsageDay"/>.</summary>
    public decimal DayAmount { get; init; }

    /// <summary>Approved debit count on <see cref="UsageDay"/>.</summary>
    public int DayCount { get; init; }

    /// <summary>The month (yyyy-MM) the monthly counters refer to.</summary>
    public string? UsageMonth { get; init; }

    /// <summary>Approved debit amount in <see cref="UsageMonth"/>.</summary>
    public decimal MonthAmount { get; init; }

    /// <summary>Approved debit count in <see cref="UsageMonth"/>.</summary>
    public int MonthCount { get; init; }

    /// <summary>Actual minus blocked.</summary>
    public decimal Available => Actual - Blocked;
}
