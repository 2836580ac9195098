namespace Ehi.Core.Messages;

/// <summary>Acknowledged and not-acknowledged counts of one cut-off category.</summary>
/// <param name="Acknowledged">Messages acknowledged with "1".</param>
/// <param name="NotAcknowledged">Messages not acknowledged.</param>
public readonly record struct AckCount(long Acknowledged, long NotAcknowledged);

/// <summary>The four categories a cut-off counts.</summary>
/// <param name="Auths">Authorisations (requests, advices, reversals).</param>
/// <param name="Financials">Presentments, financial reversals, chargebacks, fees.</param>
/// <param name="LoadsUnloads">Loads and unloads.</param>
/// <param name="BalanceAdjustExpiry">Balance adjustments, payments and expiries.</param>
public sealed record CutOffCounts(AckCount Auths, AckCount Financials, AckCount LoadsUnloads, AckCount BalanceAdjustExpiry);
