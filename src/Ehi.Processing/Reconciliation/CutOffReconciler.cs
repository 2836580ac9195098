using Ehi.Core.Messages;

namespace Ehi.Processing.Reconciliation;

/// <summary>Compares a Cut-Off's counts with the journal's over the same TXn_ID range.</summary>
public static class CutOffReconciler
{
    /// <summary>One sentence per differing count; empty when everything agrees.</summary>
    public static IReadOnlyList<string> Differences(CutOffCounts reported, CutOffCounts counted)
    {
        var differences = new List<string>();
        Compare("auths", reported.Auths, counted.Auths, differences);
        Compare("financials", reported.Financials, counted.Financials, differences);
        Compare("loads/unloads", reported.LoadsUnloads, counted.LoadsUnloads, differences);
        Compare("balance adjustments/expiries", reported.BalanceAdjustExpiry, counted.BalanceAdjustExpiry, differences);
        return differences;
    }

    private static void Compare(string name, AckCount reported, AckCount counted, List<string> differences)
    {
        if (reported.Acknowledged != counted.Acknowledged)
        {
            differences.Add($"{name} acknowledged: Thredd counts {reported.Acknowledged}, the journal {counted.Acknowledged}");
        }

        if (reported.NotAcknowledged != counted.NotAcknowledged)
        {
            differences.Add($"{name} not acknowledged: Thredd counts {reported.NotAcknowledged}, the journal {counted.NotAcknowledged}");
        }
    }
}
