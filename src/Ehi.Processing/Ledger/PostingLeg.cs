namespace Ehi.Processing.Ledger;

/// <summary>One leg of a double-entry posting. Card legs use the accounts <c>card:actual</c> and
/// <c>card:blocked</c> (applied to the card's balances); the others are the programme's
/// counterparties (<c>holds</c>, <c>settlement</c>, <c>funding</c>, <c>fees</c>, <c>adjustments</c>,
/// <c>chargebacks</c>).</summary>
/// <param name="Account">The ledger account.</param>
/// <param name="Amount">Positive credits the account, negative debits it.</param>
public sealed record PostingLeg(string Account, decimal Amount)
{
    /// <summary>The card's settled balance.</summary>
    public const string CardActual = "card:actual";

    /// <summary>The card's blocked amount.</summary>
    public const string CardBlocked = "card:blocked";
}
