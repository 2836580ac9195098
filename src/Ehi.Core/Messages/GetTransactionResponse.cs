using System.Text.Json.Serialization;

namespace Ehi.Core.Messages;

/// <summary>The host's answer to a GetTransaction. Unused fields are omitted, never written as null
/// (Thredd declines on a null number); <c>Acknowledgement</c> is the string "1" or "0".</summary>
public sealed record GetTransactionResponse
{
    /// <summary>"1": received and processed, stop resending. "0": resend.</summary>
    [JsonPropertyName("Acknowledgement")]
    public string Acknowledgement { get; init; } = "1";

    /// <summary>The decision code (lowercase s, as Thredd spells it).</summary>
    [JsonPropertyName("Responsestatus")]
    public string? ResponseStatus { get; init; }

    /// <summary>Merchant advice code: 01 update, 02 retry later, 03 never retry.</summary>
    [JsonPropertyName("MerchantAdvice")]
    public string? MerchantAdvice { get; init; }

    /// <summary>The host's ledger balance (balance enquiries).</summary>
    [JsonPropertyName("CurBalance")]
    public decimal? CurBalance { get; init; }

    /// <summary>The host's available balance (balance enquiries).</summary>
    [JsonPropertyName("AvlBalance")]
    public decimal? AvlBalance { get; init; }

    /// <summary>Amount to load with Responsestatus 0A (mode 2).</summary>
    [JsonPropertyName("LoadAmount")]
    public decimal? LoadAmount { get; init; }

    /// <summary>The partially approved amount with Responsestatus 10.</summary>
    [JsonPropertyName("Bill_Amt_Approved")]
    public decimal? BillAmtApproved { get; init; }

    /// <summary>1 to set Thredd's STIP balance from the *_GPS_STIP fields (mode 4).</summary>
    [JsonPropertyName("Update_Balance")]
    public int? UpdateBalance { get; init; }

    /// <summary>The host's new STIP balance sequence.</summary>
    [JsonPropertyName("New_Balance_Sequence_Exthost")]
    public long? NewBalanceSequenceExthost { get; init; }

    /// <summary>New STIP current balance.</summary>
    [JsonPropertyName("CurBalance_GPS_STIP")]
    public decimal? CurBalanceGpsStip { get; init; }

    /// <summary>New STIP available balance.</summary>
    [JsonPropertyName("AvlBalance_GPS_STIP")]
    public decimal? AvlBalanceGpsStip { get; init; }

    /// <summary>CVV2 check result.</summary>
    [JsonPropertyName("CVV2_Result")]
    public string? Cvv2Result { get; init; }

    /// <summary>True when the answer asks Thredd to resend.</summary>
    [JsonIgnore]
    public bool AsksResend => Acknowledgement == "0";
}
