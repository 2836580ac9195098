using Ehi.Core.Classification;

namespace Ehi.Processing.Ledger;

/// <summary>A settled financial message as the ledger keeps it for matching (reference §7): a
/// presentment, and each post-presentment message (second presentment, financial reversal,
/// chargeback, its reversal) with the original it was matched to. Kept in the ledger, not the
/// journal, because chargebacks arrive months after the presentment they dispute.</summary>
public sealed record FinancialRecord
{
    /// <summary>Its TXn_ID.</summary>
    public required long TxnId { get; init; }

    /// <summary>The card.</summary>
    public required long Token { get; init; }

    /// <summary>Its kind.</summary>
    public required MessageKind Kind { get; init; }

    /// <summary>Acquirer_Reference_Data_031 (ARN).</summary>
    public string? Arn { get; init; }

    /// <summary>Trans_link.</summary>
    public string? TransLink { get; init; }

    /// <summary>traceid_lifecycle.</summary>
    public string? Lifecycle { get; init; }

    /// <summary>Auth_Code_DE38 ("000000" counts as blank).</summary>
    public string? AuthCode { get; init; }

    /// <summary>Txn_Amt.</summary>
    public decimal? TxnAmount { get; init; }

    /// <summary>Txn_CCy.</summary>
    public string? TxnCurrency { get; init; }

    /// <summary>POS_Time_DE12.</summary>
    public string? PosTime { get; init; }

    /// <summary>Ret_Ref_No_DE37.</summary>
    public string? Rrn { get; init; }

    /// <summary>Merch_ID_DE42.</summary>
    public string? MerchantId { get; init; }

    /// <summary>Bill_Amt (negative debits the card).</summary>
    public decimal? BillAmount { get; init; }

    /// <summary>Bill_Ccy.</summary>
    public string? BillCurrency { get; init; }

    /// <summary>The TXn_ID this message was matched to: the authorisation of a presentment, the
    /// original financial of a post-presentment message; null when it matched nothing.</summary>
    public long? OriginalTxnId { get; init; }

    /// <summary>The rule that made the match (for example "ARN + token + auth code + Trans_link").</summary>
    public string? MatchRule { get; init; }

    /// <summary>When the message was processed.</summary>
    public DateTimeOffset ReceivedAt { get; init; }
}
