namespace Ehi.Processing.Tests;

/// <summary>Message bodies shaped like the reference's examples.</summary>
internal static class Messages
{
    public static string Auth(long txnId, int attempt = 0, string byGps = "N", string stat = "A", long product = 99883, string? de39 = null) => $$"""
        {"MTID":"0100","Txn_Type":"A","Txn_Stat_Code":"{{stat}}","TXn_ID":{{txnId}},"Token":107419774,
         "traceid_lifecycle":"VIS1-20250301-{{txnId}}","Trans_link":"250301002517622180","Proc_Code":"000000","auth_type":"0",
         "Bill_Amt":-12.5000,"Bill_Ccy":"826","Txn_Amt":12.5000,"Txn_CCy":"826","Fee_Fixed":0.2500,
         "MCC_Code":"5812","Authorised_by_GPS":"{{byGps}}","SendingAttemptCount":{{attempt}},"ProductID":{{product}}{{(de39 is null ? string.Empty : $",\"Resp_Code_DE39\":\"{de39}\"")}},
         "Txn_GPS_Date":"2025-03-01 07:28:37.526"}
        """;

    public static string Reversal(long txnId) => $$"""
        {"MTID":"0400","Txn_Type":"D","TXn_ID":{{txnId}},"Token":107612119,"traceid_lifecycle":"BNET-20250301-MCC004279",
         "Trans_link":"250301004279729540","Auth_Code_DE38":"183715","Bill_Amt":10.00,"Bill_Ccy":"826","Txn_Amt":10.0000,"Txn_CCy":"826",
         "Txn_Stat_Code":"A","SendingAttemptCount":0}
        """;

    public static string Presentment(long txnId) => $$"""
        {"MTID":"1240","Txn_Type":"P","Txn_Stat_Code":"S","TXn_ID":{{txnId}},"Matching_Txn_ID":6153911205,"Token":107916050,
         "traceid_lifecycle":"BNET-20250312-MC 694327","Trans_link":"250312694327500000","Acquirer_Reference_Data_031":"15000005123000006943271",
         "Auth_Code_DE38":"187239","Bill_Amt":-50.00,"Bill_Ccy":"826","Txn_Amt":50.0000,"Txn_CCy":"826","Settle_Amt":-50.00,
         "Proc_Code":"000000","multi_part_txn":0,"Clearing_Process_Date":"2025-03-13","SendingAttemptCount":0}
        """;

    public static string Load(long txnId) => $$"""{"Txn_Type":"L","TXn_ID":{{txnId}},"Token":107419774,"Proc_Code":"220000","Bill_Amt":100.00,"Bill_Ccy":"826","Trans_link":"{{txnId}}","SendingAttemptCount":0}""";

    public static string CutOff(long id, long first, long last, int auths, int financials, int loads) => $$"""
        {"CutOffId":{{id}},"ProductId":99883,"CutOffDate":"2025-03-01 13:00:01.837","FirstTransactionId":{{first}},"LastTransactionId":{{last}},
         "AuthsAcknowledged":{{auths}},"AuthsNotAcknowledged":0,"FinancialsAcknowledged":{{financials}},"FinancialsNotAcknowledged":0,
         "LoadsUnloadsAcknowledged":{{loads}},"LoadsUnloadsNotAcknowledged":0,"BalanceAdjustExpiryAcknowledged":0,"BalanceAdjustExpiryNotAcknowledged":0}
        """;
}
