namespace Ehi.Check.Findings;

/// <summary>One check's verdict, as a flat record (sslyze / testssl.sh style): a stable id, a status,
/// what was found, the evidence, for anything but PASS the fix, and the typed facts measured (what
/// the grader and other programs read; the text is for people).</summary>
/// <param name="Id">Stable id, e.g. <c>chain.intermediates</c>; never renamed or reused.</param>
/// <param name="Status">PASS, WARN, FAIL, INFO, or ERROR when the check itself could not complete.</param>
/// <param name="Text">What was found, one sentence.</param>
/// <param name="Evidence">What was seen on the wire.</param>
/// <param name="Hint">How to fix it (null for PASS and INFO).</param>
public sealed record Finding(string Id, FindingStatus Status, string Text, string Evidence, string? Hint)
{
    /// <summary>What was measured, typed; null when the finding has nothing to add to its status.</summary>
    public FindingFacts? Facts { get; init; }
}
