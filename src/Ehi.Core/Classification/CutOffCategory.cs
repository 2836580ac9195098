namespace Ehi.Core.Classification;

/// <summary>Which count of a Cut-Off a message belongs to.</summary>
public enum CutOffCategory
{
    /// <summary>Not counted.</summary>
    None,

    /// <summary>Authorisation messages.</summary>
    Auths,

    /// <summary>Financial messages.</summary>
    Financials,

    /// <summary>Loads and unloads.</summary>
    LoadsUnloads,

    /// <summary>Balance adjustments, payments, expiries.</summary>
    BalanceAdjustExpiry,
}
