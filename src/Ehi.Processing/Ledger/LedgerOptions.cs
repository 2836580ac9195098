namespace Ehi.Processing.Ledger;

/// <summary>Settings of the built-in ledger (section <c>Ehi:Ledger</c>).</summary>
public sealed class LedgerOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Ehi:Ledger";

    /// <summary>In mode 2, answer a Thredd 51 with 0A and the shortfall in LoadAmount (approve with load).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool ApproveWithLoad { get; set; }

    /// <summary>Approve part of a purchase when funds are short and the POS supports it (GPS_POS_Capability position 1).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool PartialApproval { get; set; } = true;
}
