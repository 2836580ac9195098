using System.Text.Json;
using System.Text.Json.Serialization;
using Ehi.Core.Json;

namespace Ehi.Core.Messages;

/// <summary>A GetTransaction message from Thredd (the JSON flavour's field names, which are
/// case-sensitive). Every field may be absent; ids and balance sequences are 64-bit; amounts are
/// decimal. Unknown fields are kept in <see cref="Extra"/> and, verbatim, in the journalled body.</summary>
public sealed class GetTransaction
{
    private string? _mtid;

    /// <summary>Thredd's transaction id: the duplicate key.</summary>
    [JsonPropertyName("TXn_ID")]
    public long? TxnId { get; set; }

    /// <summary>The <c>Matching_Txn_ID</c> field.</summary>
    [JsonPropertyName("Matching_Txn_ID")]
    public long? MatchingTxnId { get; set; }

    /// <summary>The <c>Balance_Sequence</c> field.</summary>
    [JsonPropertyName("Balance_Sequence")]
    public long? BalanceSequence { get; set; }

    /// <summary>The <c>Balance_Sequence_Exthost</c> field.</summary>
    [JsonPropertyName("Balance_Sequence_Exthost")]
    public long? BalanceSequenceExthost { get; set; }

    /// <summary>The public card token.</summary>
    [JsonPropertyName("Token")]
    public long? Token { get; set; }

    /// <summary>The <c>ProductID</c> field.</summary>
    [JsonPropertyName("ProductID")]
    public long? ProductId { get; set; }

    /// <summary>The <c>SubBIN</c> field.</summary>
    [JsonPropertyName("SubBIN")]
    public long? SubBin { get; set; }

    /// <summary>0 on the first attempt; 1 or more on resends and notifications.</summary>
    [JsonPropertyName("SendingAttemptCount")]
    public int? SendingAttemptCount { get; set; }

    /// <summary>The <c>multi_part_txn</c> field.</summary>
    [JsonPropertyName("multi_part_txn")]
    public int? MultiPartTxn { get; set; }

    /// <summary>The <c>multi_part_txn_final</c> field.</summary>
    [JsonPropertyName("multi_part_txn_final")]
    public int? MultiPartTxnFinal { get; set; }

    /// <summary>The <c>multi_part_number</c> field.</summary>
    [JsonPropertyName("multi_part_number")]
    public int? MultiPartNumber { get; set; }

    /// <summary>The <c>multi_part_count</c> field.</summary>
    [JsonPropertyName("multi_part_count")]
    public int? MultiPartCount { get; set; }

    /// <summary>The <c>Response_Source_Why</c> field.</summary>
    [JsonPropertyName("Response_Source_Why")]
    public int? ResponseSourceWhy { get; set; }

    /// <summary>The <c>Message_Why</c> field.</summary>
    [JsonPropertyName("Message_Why")]
    public int? MessageWhy { get; set; }

    /// <summary>Amount in the card (billing) currency; negative debits the cardholder.</summary>
    [JsonPropertyName("Bill_Amt")]
    public decimal? BillAmt { get; set; }

    /// <summary>The <c>Txn_Amt</c> field.</summary>
    [JsonPropertyName("Txn_Amt")]
    public decimal? TxnAmt { get; set; }

    /// <summary>The <c>Settle_Amt</c> field.</summary>
    [JsonPropertyName("Settle_Amt")]
    public decimal? SettleAmt { get; set; }

    /// <summary>The <c>ActBal</c> field.</summary>
    [JsonPropertyName("ActBal")]
    public decimal? ActBal { get; set; }

    /// <summary>The <c>Avl_Bal</c> field.</summary>
    [JsonPropertyName("Avl_Bal")]
    public decimal? AvlBal { get; set; }

    /// <summary>The <c>BlkAmt</c> field.</summary>
    [JsonPropertyName("BlkAmt")]
    public decimal? BlkAmt { get; set; }

    /// <summary>The <c>Fee_Fixed</c> field.</summary>
    [JsonPropertyName("Fee_Fixed")]
    public decimal? FeeFixed { get; set; }

    /// <summary>The <c>Fee_Rate</c> field.</summary>
    [JsonPropertyName("Fee_Rate")]
    public decimal? FeeRate { get; set; }

    /// <summary>The <c>FX_Pad</c> field.</summary>
    [JsonPropertyName("FX_Pad")]
    public decimal? FxPad { get; set; }

    /// <summary>The <c>MCC_Pad</c> field.</summary>
    [JsonPropertyName("MCC_Pad")]
    public decimal? MccPad { get; set; }

    /// <summary>The <c>Dom_Fee_Fixed</c> field.</summary>
    [JsonPropertyName("Dom_Fee_Fixed")]
    public decimal? DomFeeFixed { get; set; }

    /// <summary>The <c>Dom_Fee_Rate</c> field.</summary>
    [JsonPropertyName("Dom_Fee_Rate")]
    public decimal? DomFeeRate { get; set; }

    /// <summary>The <c>Non_Dom_Fee_Fixed</c> field.</summary>
    [JsonPropertyName("Non_Dom_Fee_Fixed")]
    public decimal? NonDomFeeFixed { get; set; }

    /// <summary>The <c>Non_Dom_Fee_Rate</c> field.</summary>
    [JsonPropertyName("Non_Dom_Fee_Rate")]
    public decimal? NonDomFeeRate { get; set; }

    /// <summary>The <c>Fx_Fee_Fixed</c> field.</summary>
    [JsonPropertyName("Fx_Fee_Fixed")]
    public decimal? FxFeeFixed { get; set; }

    /// <summary>The <c>Fx_Fee_Rate</c> field.</summary>
    [JsonPropertyName("Fx_Fee_Rate")]
    public decimal? FxFeeRate { get; set; }

    /// <summary>The <c>Other_Fee_Amt</c> field.</summary>
    [JsonPropertyName("Other_Fee_Amt")]
    public decimal? OtherFeeAmt { get; set; }

    /// <summary>The <c>Interchange_Amount_Fee</c> field.</summary>
    [JsonPropertyName("Interchange_Amount_Fee")]
    public decimal? InterchangeAmountFee { get; set; }

    /// <summary>The <c>Interchange_Amount_Fee_Settlement</c> field.</summary>
    [JsonPropertyName("Interchange_Amount_Fee_Settlement")]
    public decimal? InterchangeAmountFeeSettlement { get; set; }

    /// <summary>The <c>AuthenticationAmountUpper</c> field.</summary>
    [JsonPropertyName("AuthenticationAmountUpper")]
    public decimal? AuthenticationAmountUpper { get; set; }

    /// <summary>The <c>FxProviderCardholderRate</c> field.</summary>
    [JsonPropertyName("FxProviderCardholderRate")]
    public decimal? FxProviderCardholderRate { get; set; }

    /// <summary>The <c>FxProviderBookedRate</c> field.</summary>
    [JsonPropertyName("FxProviderBookedRate")]
    public decimal? FxProviderBookedRate { get; set; }

    /// <summary>When Thredd processed the message (format yyyy-MM-dd HH:mm:ss.fff).</summary>
    [JsonPropertyName("Txn_GPS_Date")]
    [JsonConverter(typeof(ThreddDateTimeConverter))]
    public DateTime? TxnGpsDate { get; set; }

    /// <summary>Message type (0100, 1240, Visa "05  " …), trimmed: Visa's trailing spaces are not part of the type.</summary>
    [JsonPropertyName("MTID")]
    [JsonConverter(typeof(StringOnlyConverter))]
    public string? Mtid { get => _mtid; set => _mtid = value?.Trim(); }

    /// <summary>The <c>Txn_Type</c> field.</summary>
    [JsonPropertyName("Txn_Type")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? TxnType { get; set; }

    /// <summary>The <c>Txn_Stat_Code</c> field.</summary>
    [JsonPropertyName("Txn_Stat_Code")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? TxnStatCode { get; set; }

    /// <summary>The <c>Proc_Code</c> field.</summary>
    [JsonPropertyName("Proc_Code")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? ProcCode { get; set; }

    /// <summary>The <c>Status_Code</c> field.</summary>
    [JsonPropertyName("Status_Code")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? StatusCode { get; set; }

    /// <summary>The <c>Resp_Code_DE39</c> field.</summary>
    [JsonPropertyName("Resp_Code_DE39")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? RespCodeDe39 { get; set; }

    /// <summary>"Y" when Thredd made the decision (stand-in, STIP, mode 3).</summary>
    [JsonPropertyName("Authorised_by_GPS")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? AuthorisedByGps { get; set; }

    /// <summary>The <c>auth_type</c> field.</summary>
    [JsonPropertyName("auth_type")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? AuthType { get; set; }

    /// <summary>The <c>Response_Source</c> field.</summary>
    [JsonPropertyName("Response_Source")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? ResponseSource { get; set; }

    /// <summary>The <c>Message_Source</c> field.</summary>
    [JsonPropertyName("Message_Source")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? MessageSource { get; set; }

    /// <summary>The <c>Reason_ID</c> field.</summary>
    [JsonPropertyName("Reason_ID")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? ReasonId { get; set; }

    /// <summary>The <c>Dispute_Condition</c> field.</summary>
    [JsonPropertyName("Dispute_Condition")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? DisputeCondition { get; set; }

    /// <summary>The <c>Network_Chargeback_Reference_Id</c> field.</summary>
    [JsonPropertyName("Network_Chargeback_Reference_Id")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? NetworkChargebackReferenceId { get; set; }

    /// <summary>The <c>Mastercard_AdviceReasonCode_DE60</c> field.</summary>
    [JsonPropertyName("Mastercard_AdviceReasonCode_DE60")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? MastercardAdviceReasonCodeDe60 { get; set; }

    /// <summary>The <c>Visa_ResponseInfo_DE44</c> field.</summary>
    [JsonPropertyName("Visa_ResponseInfo_DE44")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? VisaResponseInfoDe44 { get; set; }

    /// <summary>The <c>Visa_STIP_Reason_Code</c> field.</summary>
    [JsonPropertyName("Visa_STIP_Reason_Code")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? VisaStipReasonCode { get; set; }

    /// <summary>The <c>Visa_POS_Data_DE60</c> field.</summary>
    [JsonPropertyName("Visa_POS_Data_DE60")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? VisaPosDataDe60 { get; set; }

    /// <summary>The lifecycle id shared by every message of one card transaction.</summary>
    [JsonPropertyName("traceid_lifecycle")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? TraceidLifecycle { get; set; }

    /// <summary>The <c>Trans_link</c> field.</summary>
    [JsonPropertyName("Trans_link")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? TransLink { get; set; }

    /// <summary>The <c>Traceid_Message</c> field.</summary>
    [JsonPropertyName("Traceid_Message")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? TraceidMessage { get; set; }

    /// <summary>The <c>Traceid_Original</c> field.</summary>
    [JsonPropertyName("Traceid_Original")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? TraceidOriginal { get; set; }

    /// <summary>The <c>Network_Transaction_ID</c> field.</summary>
    [JsonPropertyName("Network_Transaction_ID")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? NetworkTransactionId { get; set; }

    /// <summary>The <c>SchemeTransactionIdentifier</c> field.</summary>
    [JsonPropertyName("SchemeTransactionIdentifier")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? SchemeTransactionIdentifier { get; set; }

    /// <summary>The <c>Acquirer_Reference_Data_031</c> field.</summary>
    [JsonPropertyName("Acquirer_Reference_Data_031")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? AcquirerReferenceData031 { get; set; }

    /// <summary>The <c>Acquirer_id_DE32</c> field.</summary>
    [JsonPropertyName("Acquirer_id_DE32")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? AcquirerIdDe32 { get; set; }

    /// <summary>The <c>Acquirer_Forwarder_ID</c> field.</summary>
    [JsonPropertyName("Acquirer_Forwarder_ID")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? AcquirerForwarderId { get; set; }

    /// <summary>The <c>Ret_Ref_No_DE37</c> field.</summary>
    [JsonPropertyName("Ret_Ref_No_DE37")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? RetRefNoDe37 { get; set; }

    /// <summary>The <c>Auth_Code_DE38</c> field.</summary>
    [JsonPropertyName("Auth_Code_DE38")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? AuthCodeDe38 { get; set; }

    /// <summary>The <c>InstCode</c> field.</summary>
    [JsonPropertyName("InstCode")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? InstCode { get; set; }

    /// <summary>The <c>CU_Group</c> field.</summary>
    [JsonPropertyName("CU_Group")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? CuGroup { get; set; }

    /// <summary>The <c>VL_Group</c> field.</summary>
    [JsonPropertyName("VL_Group")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? VlGroup { get; set; }

    /// <summary>The <c>TLogIDOrg</c> field.</summary>
    [JsonPropertyName("TLogIDOrg")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? TLogIdOrg { get; set; }

    /// <summary>The <c>Bill_Ccy</c> field.</summary>
    [JsonPropertyName("Bill_Ccy")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? BillCcy { get; set; }

    /// <summary>The <c>Txn_CCy</c> field.</summary>
    [JsonPropertyName("Txn_CCy")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? TxnCcy { get; set; }

    /// <summary>The <c>Settle_Ccy</c> field.</summary>
    [JsonPropertyName("Settle_Ccy")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? SettleCcy { get; set; }

    /// <summary>The <c>Amt_Tran_Fee_DE28</c> field.</summary>
    [JsonPropertyName("Amt_Tran_Fee_DE28")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? AmtTranFeeDe28 { get; set; }

    /// <summary>The <c>Additional_Amt_DE54</c> field.</summary>
    [JsonPropertyName("Additional_Amt_DE54")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? AdditionalAmtDe54 { get; set; }

    /// <summary>The <c>Currency_Code_Fee</c> field.</summary>
    [JsonPropertyName("Currency_Code_Fee")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? CurrencyCodeFee { get; set; }

    /// <summary>The <c>Currency_Code_Fee_Settlement</c> field.</summary>
    [JsonPropertyName("Currency_Code_Fee_Settlement")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? CurrencyCodeFeeSettlement { get; set; }

    /// <summary>The <c>Network_TxnAmt_To_BillAmt_Rate</c> field.</summary>
    [JsonPropertyName("Network_TxnAmt_To_BillAmt_Rate")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? NetworkTxnAmtToBillAmtRate { get; set; }

    /// <summary>The <c>Network_TxnAmt_To_BaseAmt_Rate</c> field.</summary>
    [JsonPropertyName("Network_TxnAmt_To_BaseAmt_Rate")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? NetworkTxnAmtToBaseAmtRate { get; set; }

    /// <summary>The <c>Network_BaseAmt_To_BillAmt_Rate</c> field.</summary>
    [JsonPropertyName("Network_BaseAmt_To_BillAmt_Rate")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? NetworkBaseAmtToBillAmtRate { get; set; }

    /// <summary>The <c>Network_Currency_Conversion_Date</c> field.</summary>
    [JsonPropertyName("Network_Currency_Conversion_Date")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? NetworkCurrencyConversionDate { get; set; }

    /// <summary>The <c>DCC_Indicator</c> field.</summary>
    [JsonPropertyName("DCC_Indicator")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? DccIndicator { get; set; }

    /// <summary>The <c>MCC_Code</c> field.</summary>
    [JsonPropertyName("MCC_Code")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? MccCode { get; set; }

    /// <summary>The <c>MCC_Desc</c> field.</summary>
    [JsonPropertyName("MCC_Desc")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? MccDesc { get; set; }

    /// <summary>The <c>Merch_ID_DE42</c> field.</summary>
    [JsonPropertyName("Merch_ID_DE42")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? MerchIdDe42 { get; set; }

    /// <summary>The <c>Merch_Name_DE43</c> field.</summary>
    [JsonPropertyName("Merch_Name_DE43")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? MerchNameDe43 { get; set; }

    /// <summary>The <c>Merch_Name</c> field.</summary>
    [JsonPropertyName("Merch_Name")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? MerchName { get; set; }

    /// <summary>The <c>Merch_Street</c> field.</summary>
    [JsonPropertyName("Merch_Street")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? MerchStreet { get; set; }

    /// <summary>The <c>Merch_City</c> field.</summary>
    [JsonPropertyName("Merch_City")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? MerchCity { get; set; }

    /// <summary>The <c>Merch_Region</c> field.</summary>
    [JsonPropertyName("Merch_Region")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? MerchRegion { get; set; }

    /// <summary>The <c>Merch_Postcode</c> field.</summary>
    [JsonPropertyName("Merch_Postcode")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? MerchPostcode { get; set; }

    /// <summary>The <c>Merch_Country</c> field.</summary>
    [JsonPropertyName("Merch_Country")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? MerchCountry { get; set; }

    /// <summary>The <c>Merch_Tel</c> field.</summary>
    [JsonPropertyName("Merch_Tel")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? MerchTel { get; set; }

    /// <summary>The <c>Merch_URL</c> field.</summary>
    [JsonPropertyName("Merch_URL")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? MerchUrl { get; set; }

    /// <summary>The <c>Merch_Name_Other</c> field.</summary>
    [JsonPropertyName("Merch_Name_Other")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? MerchNameOther { get; set; }

    /// <summary>The <c>Merch_Net_id</c> field.</summary>
    [JsonPropertyName("Merch_Net_id")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? MerchNetId { get; set; }

    /// <summary>The <c>Merch_Tax_id</c> field.</summary>
    [JsonPropertyName("Merch_Tax_id")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? MerchTaxId { get; set; }

    /// <summary>The <c>Merch_Contact</c> field.</summary>
    [JsonPropertyName("Merch_Contact")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? MerchContact { get; set; }

    /// <summary>The <c>Txn_Ctry</c> field.</summary>
    [JsonPropertyName("Txn_Ctry")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? TxnCtry { get; set; }

    /// <summary>The <c>Txn_Desc</c> field.</summary>
    [JsonPropertyName("Txn_Desc")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? TxnDesc { get; set; }

    /// <summary>The <c>Acquirer_Country</c> field.</summary>
    [JsonPropertyName("Acquirer_Country")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? AcquirerCountry { get; set; }

    /// <summary>The <c>POS_Data_DE22</c> field.</summary>
    [JsonPropertyName("POS_Data_DE22")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PosDataDe22 { get; set; }

    /// <summary>The <c>POS_Data_DE61</c> field.</summary>
    [JsonPropertyName("POS_Data_DE61")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PosDataDe61 { get; set; }

    /// <summary>The <c>POS_Termnl_DE41</c> field.</summary>
    [JsonPropertyName("POS_Termnl_DE41")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PosTermnlDe41 { get; set; }

    /// <summary>The <c>POS_Time_DE12</c> field.</summary>
    [JsonPropertyName("POS_Time_DE12")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PosTimeDe12 { get; set; }

    /// <summary>The <c>POS_Date_DE13</c> field.</summary>
    [JsonPropertyName("POS_Date_DE13")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PosDateDe13 { get; set; }

    /// <summary>The <c>TXN_Time_DE07</c> field.</summary>
    [JsonPropertyName("TXN_Time_DE07")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? TxnTimeDe07 { get; set; }

    /// <summary>The <c>GPS_POS_Capability</c> field.</summary>
    [JsonPropertyName("GPS_POS_Capability")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? GpsPosCapability { get; set; }

    /// <summary>The <c>GPS_POS_Data</c> field.</summary>
    [JsonPropertyName("GPS_POS_Data")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? GpsPosData { get; set; }

    /// <summary>The <c>ICC_System_Related_Data_DE55</c> field.</summary>
    [JsonPropertyName("ICC_System_Related_Data_DE55")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? IccSystemRelatedDataDe55 { get; set; }

    /// <summary>The <c>Additional_Data_DE48</c> field.</summary>
    [JsonPropertyName("Additional_Data_DE48")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? AdditionalDataDe48 { get; set; }

    /// <summary>The <c>Additional_Data_DE124</c> field.</summary>
    [JsonPropertyName("Additional_Data_DE124")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? AdditionalDataDe124 { get; set; }

    /// <summary>The <c>Record_Data_DE120</c> field.</summary>
    [JsonPropertyName("Record_Data_DE120")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? RecordDataDe120 { get; set; }

    /// <summary>The <c>Misc_TLV_Data</c> field.</summary>
    [JsonPropertyName("Misc_TLV_Data")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? MiscTlvData { get; set; }

    /// <summary>The <c>Network_Fraud_Data</c> field.</summary>
    [JsonPropertyName("Network_Fraud_Data")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? NetworkFraudData { get; set; }

    /// <summary>The <c>AVS_Result</c> field.</summary>
    [JsonPropertyName("AVS_Result")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? AvsResult { get; set; }

    /// <summary>The <c>SettlementIndicator</c> field.</summary>
    [JsonPropertyName("SettlementIndicator")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? SettlementIndicator { get; set; }

    /// <summary>The <c>Clearing_Process_Date</c> field.</summary>
    [JsonPropertyName("Clearing_Process_Date")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? ClearingProcessDate { get; set; }

    /// <summary>The <c>Settlement_Date</c> field.</summary>
    [JsonPropertyName("Settlement_Date")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? SettlementDate { get; set; }

    /// <summary>The <c>ClearingFileID</c> field.</summary>
    [JsonPropertyName("ClearingFileID")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? ClearingFileID { get; set; }

    /// <summary>The <c>Network_Issuer_Settle_ID</c> field.</summary>
    [JsonPropertyName("Network_Issuer_Settle_ID")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? NetworkIssuerSettleId { get; set; }

    /// <summary>The <c>Network_Original_Data_Elements_DE90</c> field.</summary>
    [JsonPropertyName("Network_Original_Data_Elements_DE90")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? NetworkOriginalDataElementsDe90 { get; set; }

    /// <summary>The <c>Network_Replacement_Amounts_DE95</c> field.</summary>
    [JsonPropertyName("Network_Replacement_Amounts_DE95")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? NetworkReplacementAmountsDe95 { get; set; }

    /// <summary>The <c>PaymentToken_id</c> field.</summary>
    [JsonPropertyName("PaymentToken_id")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PaymentTokenId { get; set; }

    /// <summary>The <c>PaymentToken_creator</c> field.</summary>
    [JsonPropertyName("PaymentToken_creator")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PaymentTokenCreator { get; set; }

    /// <summary>The <c>PaymentToken_expdate</c> field.</summary>
    [JsonPropertyName("PaymentToken_expdate")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PaymentTokenExpdate { get; set; }

    /// <summary>The <c>PaymentToken_type</c> field.</summary>
    [JsonPropertyName("PaymentToken_type")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PaymentTokenType { get; set; }

    /// <summary>The <c>PaymentToken_status</c> field.</summary>
    [JsonPropertyName("PaymentToken_status")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PaymentTokenStatus { get; set; }

    /// <summary>The <c>PaymentToken_creatorStatus</c> field.</summary>
    [JsonPropertyName("PaymentToken_creatorStatus")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PaymentTokenCreatorStatus { get; set; }

    /// <summary>The <c>PaymentToken_wallet</c> field.</summary>
    [JsonPropertyName("PaymentToken_wallet")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PaymentTokenWallet { get; set; }

    /// <summary>The <c>PaymentToken_deviceType</c> field.</summary>
    [JsonPropertyName("PaymentToken_deviceType")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PaymentTokenDeviceType { get; set; }

    /// <summary>The <c>PaymentToken_lang</c> field.</summary>
    [JsonPropertyName("PaymentToken_lang")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PaymentTokenLang { get; set; }

    /// <summary>The <c>PaymentToken_deviceTelNum</c> field.</summary>
    [JsonPropertyName("PaymentToken_deviceTelNum")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PaymentTokenDeviceTelNum { get; set; }

    /// <summary>The <c>PaymentToken_deviceIp</c> field.</summary>
    [JsonPropertyName("PaymentToken_deviceIp")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PaymentTokenDeviceIp { get; set; }

    /// <summary>The <c>PaymentToken_deviceId</c> field.</summary>
    [JsonPropertyName("PaymentToken_deviceId")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PaymentTokenDeviceId { get; set; }

    /// <summary>The <c>PaymentToken_deviceName</c> field.</summary>
    [JsonPropertyName("PaymentToken_deviceName")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PaymentTokenDeviceName { get; set; }

    /// <summary>The <c>PaymentToken_activationCode</c> field.</summary>
    [JsonPropertyName("PaymentToken_activationCode")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PaymentTokenActivationCode { get; set; }

    /// <summary>The <c>PaymentToken_activationExpiry</c> field.</summary>
    [JsonPropertyName("PaymentToken_activationExpiry")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PaymentTokenActivationExpiry { get; set; }

    /// <summary>The <c>PaymentToken_activationMethod</c> field.</summary>
    [JsonPropertyName("PaymentToken_activationMethod")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PaymentTokenActivationMethod { get; set; }

    /// <summary>The <c>PaymentToken_activationMethodData</c> field.</summary>
    [JsonPropertyName("PaymentToken_activationMethodData")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PaymentTokenActivationMethodData { get; set; }

    /// <summary>The <c>PaymentToken_PanSource</c> field.</summary>
    [JsonPropertyName("PaymentToken_PanSource")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PaymentTokenPanSource { get; set; }

    /// <summary>The <c>TokenUniqueReference</c> field.</summary>
    [JsonPropertyName("TokenUniqueReference")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? TokenUniqueReference { get; set; }

    /// <summary>The <c>PaymentTokenPan</c> field.</summary>
    [JsonPropertyName("PaymentTokenPan")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PaymentTokenPan { get; set; }

    /// <summary>The <c>AuthenticationCurrency</c> field.</summary>
    [JsonPropertyName("AuthenticationCurrency")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? AuthenticationCurrency { get; set; }

    /// <summary>The <c>AuthenticationMerchantHash</c> field.</summary>
    [JsonPropertyName("AuthenticationMerchantHash")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? AuthenticationMerchantHash { get; set; }

    /// <summary>The <c>Note</c> field.</summary>
    [JsonPropertyName("Note")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Note { get; set; }

    /// <summary>The <c>Cust_Ref</c> field.</summary>
    [JsonPropertyName("Cust_Ref")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? CustRef { get; set; }

    /// <summary>The <c>LoadSRC</c> field.</summary>
    [JsonPropertyName("LoadSRC")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? LoadSrc { get; set; }

    /// <summary>The <c>LoadType</c> field.</summary>
    [JsonPropertyName("LoadType")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? LoadType { get; set; }

    /// <summary>The <c>CVV2</c> field.</summary>
    [JsonPropertyName("CVV2")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Cvv2 { get; set; }

    /// <summary>The <c>Expiry_Date</c> field.</summary>
    [JsonPropertyName("Expiry_Date")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? ExpiryDate { get; set; }

    /// <summary>The <c>PAN_Sequence_Number</c> field.</summary>
    [JsonPropertyName("PAN_Sequence_Number")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PanSequenceNumber { get; set; }

    /// <summary>The <c>PIN</c> field.</summary>
    [JsonPropertyName("PIN")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Pin { get; set; }

    /// <summary>The <c>PIN_Enc_Algorithm</c> field.</summary>
    [JsonPropertyName("PIN_Enc_Algorithm")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PinEncAlgorithm { get; set; }

    /// <summary>The <c>PIN_Format</c> field.</summary>
    [JsonPropertyName("PIN_Format")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PinFormat { get; set; }

    /// <summary>The <c>PIN_Key_Index</c> field.</summary>
    [JsonPropertyName("PIN_Key_Index")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PinKeyIndex { get; set; }

    /// <summary>The <c>source_bank_ctry</c> field.</summary>
    [JsonPropertyName("source_bank_ctry")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? SourceBankCtry { get; set; }

    /// <summary>The <c>source_bank_account_format</c> field.</summary>
    [JsonPropertyName("source_bank_account_format")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? SourceBankAccountFormat { get; set; }

    /// <summary>The <c>source_bank_account</c> field.</summary>
    [JsonPropertyName("source_bank_account")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? SourceBankAccount { get; set; }

    /// <summary>The <c>dest_bank_ctry</c> field.</summary>
    [JsonPropertyName("dest_bank_ctry")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? DestBankCtry { get; set; }

    /// <summary>The <c>dest_bank_account_format</c> field.</summary>
    [JsonPropertyName("dest_bank_account_format")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? DestBankAccountFormat { get; set; }

    /// <summary>The <c>dest_bank_account</c> field.</summary>
    [JsonPropertyName("dest_bank_account")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? DestBankAccount { get; set; }

    /// <summary>The <c>SenderData</c> field.</summary>
    [JsonPropertyName("SenderData")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? SenderData { get; set; }

    /// <summary>The <c>ReceiverData</c> field.</summary>
    [JsonPropertyName("ReceiverData")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? ReceiverData { get; set; }

    /// <summary>The <c>FleetData</c> field.</summary>
    [JsonPropertyName("FleetData")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? FleetData { get; set; }

    /// <summary>The <c>EHIVersion</c> field.</summary>
    [JsonPropertyName("EHIVersion")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? EhiVersion { get; set; }

    /// <summary>The <c>auth_expdate_utc</c> field.</summary>
    [JsonPropertyName("auth_expdate_utc")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? AuthExpdateUtc { get; set; }

    /// <summary>Fields this model does not name, kept so nothing Thredd sends is lost.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>True when Thredd made the decision this message reports.</summary>
    [JsonIgnore]
    public bool IsThreddDecision => string.Equals(AuthorisedByGps, "Y", StringComparison.OrdinalIgnoreCase);
}
