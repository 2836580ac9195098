namespace Ehi.Core.Classification;

/// <summary>What a message is, from its (MTID, Txn_Type, Proc_Code, Authorised_by_GPS). The names
/// are stable: they are journalled and shown by <c>ehi journal</c>.</summary>
public enum MessageKind
{
    /// <summary>A combination the table does not know; acknowledged and kept for review.</summary>
    Unknown,

    /// <summary>0100/A: the host decides (modes 1, 2, 4).</summary>
    AuthorisationRequest,

    /// <summary>0101/A: a Visa repeat of an authorisation request.</summary>
    AuthorisationRepeat,

    /// <summary>0100/A or 0200/M with Authorised_by_GPS "Y": Thredd decided instead (timeout or stand-in).</summary>
    ThreddDecisionNotification,

    /// <summary>0120/J: network STIP or AFD advice.</summary>
    AuthorisationAdvice,

    /// <summary>0400/D or 0420/D: a network authorisation reversal.</summary>
    AuthorisationReversal,

    /// <summary>0120/D: the AFD completion releasing the unused part.</summary>
    AfdCompletionReversal,

    /// <summary>D without MTID: Thredd's automatic reversal after the hanging filter.</summary>
    AutomaticReversal,

    /// <summary>0200/M: SMS online financial request.</summary>
    OnlineFinancialRequest,

    /// <summary>0220/Q: SMS online financial advice.</summary>
    OnlineFinancialAdvice,

    /// <summary>0420/V: SMS online financial reversal.</summary>
    OnlineFinancialReversal,

    /// <summary>1240 or Visa 05/06/07 with P: first presentment.</summary>
    Presentment,

    /// <summary>N: second presentment.</summary>
    SecondPresentment,

    /// <summary>E: financial reversal.</summary>
    FinancialReversal,

    /// <summary>C: chargeback credited to the card.</summary>
    Chargeback,

    /// <summary>H: chargeback without credit.</summary>
    ChargebackNonCredit,

    /// <summary>K: chargeback reversal.</summary>
    ChargebackReversal,

    /// <summary>L: load.</summary>
    Load,

    /// <summary>U: unload.</summary>
    Unload,

    /// <summary>G: payment.</summary>
    Payment,

    /// <summary>B: balance adjustment.</summary>
    BalanceAdjustment,

    /// <summary>Y: card expiry.</summary>
    Expiry,

    /// <summary>P without MTID and Proc_Code 083999 (or F): a fee.</summary>
    Fee,

    /// <summary>0100/A with Proc_Code 30: balance enquiry.</summary>
    BalanceEnquiry,

    /// <summary>0100/A with Proc_Code 39: account verification.</summary>
    AccountVerification,

    /// <summary>A with Proc_Code 33: token authorisation request (TAR).</summary>
    TokenAuthorisation,

    /// <summary>Proc_Code 34/35/36 (ACN, TCN, TEN) or 0620: token notifications.</summary>
    TokenNotification,

    /// <summary>1240 or 05/06/07 with A: the dummy advice before an offline presentment (ignored).</summary>
    OfflineAuthorisationAdvice,

    /// <summary>A Cut-Off summary.</summary>
    CutOff,
}
