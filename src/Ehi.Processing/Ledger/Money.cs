using Ehi.Core.Messages;

namespace Ehi.Processing.Ledger;

/// <summary>Amounts the ledger derives from a message (reference §3, §7: block the billing amount
/// plus fees and padding). Fee_Rate is read as a percentage of the billing amount; Fee_Fixed,
/// FX_Pad and MCC_Pad as amounts in the billing currency.</summary>
internal static class Money
{
    /// <summary>The debit in billing currency (Bill_Amt is negative for debits); 0 for credits.</summary>
    public static decimal Debit(GetTransaction m) => m.BillAmt is < 0 ? -m.BillAmt.Value : 0m;

    /// <summary>The absolute billing amount.</summary>
    public static decimal Absolute(GetTransaction m) => Math.Abs(m.BillAmt ?? 0m);

    /// <summary>Fees and padding Thredd computed for the message.</summary>
    public static decimal Fees(GetTransaction m, decimal debit) =>
        Math.Abs(m.FeeFixed ?? 0m) + Math.Round(debit * Math.Abs(m.FeeRate ?? 0m) / 100m, 2) + Math.Abs(m.FxPad ?? 0m) + Math.Abs(m.MccPad ?? 0m);

    /// <summary>What an approval blocks: the debit plus fees and padding.</summary>
    public static decimal Impact(GetTransaction m)
    {
        decimal debit = Debit(m);
        return debit + Fees(m, debit);
    }
}
