namespace Ehi.Processing.Journal;

/// <summary>One field of a repeated TXn_ID whose value differs from the journalled message.</summary>
/// <param name="Field">The field's EHI name (e.g. <c>Bill_Amt</c>).</param>
/// <param name="Journalled">The value in the journalled message (null when absent).</param>
/// <param name="Repeat">The value in the repeat (null when absent).</param>
public sealed record FieldDifference(string Field, string? Journalled, string? Repeat)
{
    /// <summary>"Bill_Amt -12.5000 → -99.00", for logs and the CLI.</summary>
    public override string ToString() => $"{Field} {Journalled ?? "(absent)"} -> {Repeat ?? "(absent)"}";
}
