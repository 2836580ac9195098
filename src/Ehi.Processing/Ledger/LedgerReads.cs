namespace Ehi.Processing.Ledger;

/// <summary>What one unit of ledger work reads before it decides: the cards it locks (read for
/// update, so concurrent work on one card is serialised on that card and different cards never
/// wait for each other) and the holds it may match. The store loads exactly this into a
/// <see cref="LedgerSnapshot"/>; the ledger then decides in memory.</summary>
public sealed record LedgerReads
{
    /// <summary>Reads nothing: the unit only journals.</summary>
    public static LedgerReads None { get; } = new();

    /// <summary>Cards read for update, in ascending order (one lock order everywhere: no deadlocks).</summary>
    public IReadOnlyList<long> Tokens { get; init; } = [];

    /// <summary>A range of cards read for update (bulk creation), first token and count.</summary>
    public (long First, int Count)? TokenRange { get; init; }

    /// <summary>The holds a message may match, if any.</summary>
    public HoldKeys? Holds { get; init; }

    /// <summary>The earlier financial messages a post-presentment message may match, if any.</summary>
    public FinancialKeys? Financials { get; init; }

    /// <summary>True when nothing is read.</summary>
    public bool IsEmpty => Tokens.Count == 0 && TokenRange is null && Holds is null && Financials is null;

    /// <summary>One card, and the holds of that card matching <paramref name="holds"/>.</summary>
    public static LedgerReads Card(long token, HoldKeys? holds = null) => new() { Tokens = [token], Holds = holds };
}

/// <summary>The matching keys of a message (reference §7): open holds of the card sharing the
/// lifecycle, Trans_link or auth code, and the holds (open or not) created by the given TXn_IDs.</summary>
/// <param name="Token">The card.</param>
/// <param name="Lifecycle">traceid_lifecycle, or null.</param>
/// <param name="TransLink">Trans_link, or null.</param>
/// <param name="AuthCode">Auth code (never "000000"), or null.</param>
/// <param name="TxnIds">TXn_IDs whose holds are read whether open or not (Matching_Txn_ID, the message's own).</param>
public sealed record HoldKeys(long Token, string? Lifecycle, string? TransLink, string? AuthCode, IReadOnlyList<long> TxnIds);

/// <summary>The keys a post-presentment message is matched by (reference §7): the card's earlier
/// financial messages sharing its ARN, Trans_link or lifecycle.</summary>
/// <param name="Token">The card.</param>
/// <param name="Arn">Acquirer_Reference_Data_031, or null.</param>
/// <param name="TransLink">Trans_link, or null.</param>
/// <param name="Lifecycle">traceid_lifecycle, or null.</param>
/// <param name="AuthCode">Auth code (never "000000"), or null.</param>
public sealed record FinancialKeys(long Token, string? Arn, string? TransLink, string? Lifecycle, string? AuthCode);
