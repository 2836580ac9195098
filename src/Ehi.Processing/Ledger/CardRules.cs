namespace Ehi.Processing.Ledger;

/// <summary>Per-card authorisation rules; a null or empty rule does not restrict.</summary>
public sealed record CardRules
{
    /// <summary>Allow ATM cash (Proc_Code 01).</summary>
    public bool Atm { get; init; } = true;

    /// <summary>Allow e-commerce (card not present: POS_Data_DE22 entry mode 01/10/81).</summary>
    public bool Ecommerce { get; init; } = true;

    /// <summary>Allow contactless (entry mode 07/91).</summary>
    public bool Contactless { get; init; } = true;

    /// <summary>Allow cash advance and quasi-cash (Proc_Code 11, 12, 17).</summary>
    public bool CashAdvance { get; init; } = true;

    /// <summary>MCCs that are always declined.</summary>
    public IReadOnlyList<string> BlockedMccs { get; init; } = [];

    /// <summary>Largest single debit.</summary>
    public decimal? SingleLimit { get; init; }

    /// <summary>Largest approved debit total per UTC day.</summary>
    public decimal? DailyLimit { get; init; }

    /// <summary>Largest approved debit total per UTC month.</summary>
    public decimal? MonthlyLimit { get; init; }

    /// <summary>Most approved debits per UTC day.</summary>
    public int? DailyCount { get; init; }
}
