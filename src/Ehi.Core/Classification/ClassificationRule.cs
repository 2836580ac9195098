namespace Ehi.Core.Classification;

/// <summary>One row of the classification table. A null pattern matches anything; <c>""</c> in
/// <see cref="Mtids"/> matches a message without MTID.</summary>
/// <param name="Mtids">MTIDs (trimmed) the row applies to, or null for any.</param>
/// <param name="TxnType">Txn_Type, or null for any.</param>
/// <param name="ProcPrefixes">Proc_Code prefixes, or null for any.</param>
/// <param name="ByThredd">Authorised_by_GPS "Y" (true), anything else (false), or null for either.</param>
/// <param name="Kind">The kind for a match.</param>
public sealed record ClassificationRule(string[]? Mtids, string? TxnType, string[]? ProcPrefixes, bool? ByThredd, MessageKind Kind)
{
    /// <summary>Whether the row matches.</summary>
    public bool Matches(string mtid, string txnType, string procCode, bool byThredd) =>
        (Mtids is null || Array.IndexOf(Mtids, mtid) >= 0)
        && (TxnType is null || string.Equals(TxnType, txnType, StringComparison.OrdinalIgnoreCase))
        && (ProcPrefixes is null || ProcPrefixes.Any(p => procCode.StartsWith(p, StringComparison.Ordinal)))
        && (ByThredd is null || ByThredd == byThredd);
}
