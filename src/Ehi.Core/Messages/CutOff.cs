using System.Text.Json.Serialization;

namespace Ehi.Core.Messages;

/// <summary>A Cut-Off summary. The JSON example and Thredd's field list spell the names
/// differently (<c>CutOffId</c> / <c>CutoffID</c>, <c>AuthsAcknowledged</c> / <c>Auths_Acknowledged</c>);
/// both are accepted and read through the resolved properties.</summary>
public sealed class CutOff
{
    /// <summary>The cut-off id (JSON example spelling).</summary>
    [JsonPropertyName("CutOffId")]
    public long? CutOffIdJson { get; set; }

    /// <summary>The cut-off id (field-list spelling).</summary>
    [JsonPropertyName("CutoffID")]
    public long? CutOffIdList { get; set; }

    /// <summary>Product id (example spelling).</summary>
    [JsonPropertyName("ProductId")]
    public long? ProductIdJson { get; set; }

    /// <summary>Product id (field-list spelling).</summary>
    [JsonPropertyName("ProductID")]
    public long? ProductIdList { get; set; }

    /// <summary>When the cut-off was taken (example spelling).</summary>
    [JsonPropertyName("CutOffDate")]
    [JsonConverter(typeof(Json.ThreddDateTimeConverter))]
    public DateTime? CutOffDateJson { get; set; }

    /// <summary>When the cut-off was taken (field-list spelling).</summary>
    [JsonPropertyName("CutoffDate")]
    [JsonConverter(typeof(Json.ThreddDateTimeConverter))]
    public DateTime? CutOffDateList { get; set; }

    /// <summary>First TXn_ID covered (example spelling).</summary>
    [JsonPropertyName("FirstTransactionId")]
    public long? FirstJson { get; set; }

    /// <summary>First TXn_ID covered (field-list spelling).</summary>
    [JsonPropertyName("FirstTxn_ID")]
    public long? FirstList { get; set; }

    /// <summary>Last TXn_ID covered (example spelling).</summary>
    [JsonPropertyName("LastTransactionId")]
    public long? LastJson { get; set; }

    /// <summary>Last TXn_ID covered (field-list spelling).</summary>
    [JsonPropertyName("LastTxn_ID")]
    public long? LastList { get; set; }

    /// <summary>Count (example spelling).</summary>
    [JsonPropertyName("AuthsAcknowledged")]
    public long? AuthsAckJson { get; set; }

    /// <summary>Count (field-list spelling).</summary>
    [JsonPropertyName("Auths_Acknowledged")]
    public long? AuthsAckList { get; set; }

    /// <summary>Count (example spelling).</summary>
    [JsonPropertyName("AuthsNotAcknowledged")]
    public long? AuthsNotAckJson { get; set; }

    /// <summary>Count (field-list spelling).</summary>
    [JsonPropertyName("Auths_NotAcknowledged")]
    public long? AuthsNotAckList { get; set; }

    /// <summary>Count (example spelling).</summary>
    [JsonPropertyName("FinancialsAcknowledged")]
    public long? FinancialsAckJson { get; set; }

    /// <summary>Count (field-list spelling).</summary>
    [JsonPropertyName("Financials_Acknowledged")]
    public long? FinancialsAckList { get; set; }

    /// <summary>Count (example spelling).</summary>
    [JsonPropertyName("FinancialsNotAcknowledged")]
    public long? FinancialsNotAckJson { get; set; }

    /// <summary>Count (field-list spelling).</summary>
    [JsonPropertyName("Financials_NotAcknowledged")]
    public long? FinancialsNotAckList { get; set; }

    /// <summary>Count (example spelling).</summary>
    [JsonPropertyName("LoadsUnloadsAcknowledged")]
    public long? LoadsAckJson { get; set; }

    /// <summary>Count (field-list spelling).</summary>
    [JsonPropertyName("LoadsUnloads_Acknowledged")]
    public long? LoadsAckList { get; set; }

    /// <summary>Count (example spelling).</summary>
    [JsonPropertyName("LoadsUnloadsNotAcknowledged")]
    public long? LoadsNotAckJson { get; set; }

    /// <summary>Count (field-list spelling).</summary>
    [JsonPropertyName("LoadsUnloads_NotAcknowledged")]
    public long? LoadsNotAckList { get; set; }

    /// <summary>Count (example spelling).</summary>
    [JsonPropertyName("BalanceAdjustExpiryAcknowledged")]
    public long? AdjustAckJson { get; set; }

    /// <summary>Count (field-list spelling).</summary>
    [JsonPropertyName("BalanceAdjustExpiry_Acknowledged")]
    public long? AdjustAckList { get; set; }

    /// <summary>Count (example spelling).</summary>
    [JsonPropertyName("BalanceAdjustExpiryNotAcknowledged")]
    public long? AdjustNotAckJson { get; set; }

    /// <summary>Count (field-list spelling).</summary>
    [JsonPropertyName("BalanceAdjustExpiry_NotAcknowledged")]
    public long? AdjustNotAckList { get; set; }

    /// <summary>The cut-off id, whichever spelling carried it.</summary>
    [JsonIgnore]
    public long? Id => CutOffIdJson ?? CutOffIdList;

    /// <summary>The product id.</summary>
    [JsonIgnore]
    public long? ProductId => ProductIdJson ?? ProductIdList;

    /// <summary>When the cut-off was taken.</summary>
    [JsonIgnore]
    public DateTime? Date => CutOffDateJson ?? CutOffDateList;

    /// <summary>First TXn_ID covered.</summary>
    [JsonIgnore]
    public long? FirstTransactionId => FirstJson ?? FirstList;

    /// <summary>Last TXn_ID covered.</summary>
    [JsonIgnore]
    public long? LastTransactionId => LastJson ?? LastList;

    /// <summary>Thredd's counts, by category.</summary>
    [JsonIgnore]
    public CutOffCounts Counts => new(
        new(AuthsAckJson ?? AuthsAckList ?? 0, AuthsNotAckJson ?? AuthsNotAckList ?? 0),
        new(FinancialsAckJson ?? FinancialsAckList ?? 0, FinancialsNotAckJson ?? FinancialsNotAckList ?? 0),
        new(LoadsAckJson ?? LoadsAckList ?? 0, LoadsNotAckJson ?? LoadsNotAckList ?? 0),
        new(AdjustAckJson ?? AdjustAckList ?? 0, AdjustNotAckJson ?? AdjustNotAckList ?? 0));
}
