namespace Ehi.Simulate.Messages;

/// <summary>The ids one card transaction keeps through all its messages (reference §4.2).</summary>
/// <param name="Card">The card.</param>
/// <param name="Network">Visa or Mastercard.</param>
/// <param name="Id">traceid_lifecycle, e.g. VIS1-20250301-381077544887139 or BNET-20250301-MCC004279.</param>
/// <param name="TransLink">Trans_link.</param>
/// <param name="AuthCode">Auth_Code_DE38.</param>
/// <param name="Rrn">Ret_Ref_No_DE37.</param>
/// <param name="Merchant">Merchant name (DE43 style).</param>
/// <param name="Mcc">MCC.</param>
/// <param name="TxnCurrency">Txn_CCy.</param>
public sealed record Lifecycle(SimCard Card, Network Network, string Id, string TransLink, string AuthCode, string Rrn, string Merchant, string Mcc, string TxnCurrency);
