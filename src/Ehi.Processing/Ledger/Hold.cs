namespace Ehi.Processing.Ledger;

/// <summary>An authorisation hold: money blocked on a card for one lifecycle until it is presented,
/// reversed or replaced. Matching keys follow the reference's §7.</summary>
public sealed record Hold
{
    /// <summary>Storage id (0 until stored).</summary>
    public long Id { get; init; }

    /// <summary>The card.</summary>
    public required long Token { get; init; }

    /// <summary>traceid_lifecycle.</summary>
    public string? Lifecycle { get; init; }

    /// <summary>Trans_link.</summary>
    public string? TransLink { get; init; }

    /// <summary>Auth_Code_DE38 ("000000" counts as blank).</summary>
    public string? AuthCode { get; init; }

    /// <summary>TXn_ID of the first authorisation.</summary>
    public required long TxnId { get; init; }

    /// <summary>Txn_CCy of the authorisation.</summary>
    public string? TxnCurrency { get; init; }

    /// <summary>Billing amount authorised so far (without fees).</summary>
    public decimal Authorised { get; init; }

    /// <summary>Currently blocked (billing amount plus fees and padding, less what was released).</summary>
    public required decimal Amount { get; init; }

    /// <summary>False once presented in full, reversed or removed.</summary>
    public bool Open { get; init; } = true;
}
