namespace Ehi.Simulate.Messages;

/// <summary>The card network whose formats a lifecycle follows.</summary>
public enum Network
{
    /// <summary>Visa: lifecycle VIS1-…, clearing MTIDs "05  ", "06  ", "07  ", reversals "25  ".</summary>
    Visa,

    /// <summary>Mastercard: lifecycle BNET-…, clearing MTID 1240.</summary>
    Mastercard,
}
