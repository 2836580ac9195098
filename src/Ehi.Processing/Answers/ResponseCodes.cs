namespace Ehi.Processing.Answers;

/// <summary>The Responsestatus values the processor itself relies on (reference §5.3).</summary>
public static class ResponseCodes
{
    /// <summary>Approved.</summary>
    public const string Approved = "00";

    /// <summary>Approved with load (mode 2).</summary>
    public const string ApprovedWithLoad = "0A";

    /// <summary>Partial approval.</summary>
    public const string PartialApproval = "10";

    /// <summary>Insufficient funds: the only Thredd decline mode 2 may override with an approval.</summary>
    public const string InsufficientFunds = "51";

    /// <summary>System malfunction: with Acknowledgement "0" it asks Thredd to resend.</summary>
    public const string SystemMalfunction = "96";

    /// <summary>Whether a code approves.</summary>
    public static bool IsApproval(string? code) => code is Approved or ApprovedWithLoad or PartialApproval or "08" or "85";
}
