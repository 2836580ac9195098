namespace Ehi.Check.Findings;

/// <summary>One check's verdict, as a flat record (sslyze / testssl.sh style): a stable id, a status,
/// what was found, the evidence, and for anything but PASS the fix.</summary>
/// <param name="Id">Stable id, e.g. <c>chain.intermediates</c>; never renamed or reused.</param>
/// <param name="Status">PASS, WARN, FAIL or INFO.</param>
/// <param name="Text">What was found, one sentence.</param>
/// <param name="Evidence">What was seen on the wire.</param>
/// <param name="Hint">How to fix it (null for PASS and INFO).</param>
public sealed record Finding(string Id, string Status, string Text, string Evidence, string? Hint)
{
    /// <summary>Passed.</summary>
    public const string Pass = "PASS";

    /// <summary>Acceptable but worth fixing.</summary>
    public const string Warn = "WARN";

    /// <summary>Failed.</summary>
    public const string Fail = "FAIL";

    /// <summary>Information only.</summary>
    public const string Info = "INFO";
}
