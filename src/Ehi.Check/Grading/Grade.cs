namespace Ehi.Check.Grading;

/// <summary>The SSL Labs-style grade, with every cap and warning that shaped it.</summary>
/// <param name="Letter">A+, A, A-, B, C, D, E, F, T (trust), M (name mismatch), or null when not graded.</param>
/// <param name="Score">The numeric score before caps (0–100).</param>
/// <param name="Reasons">Each cap or warning, one sentence.</param>
public sealed record Grade(string? Letter, int Score, IReadOnlyList<string> Reasons)
{
    private static readonly string[] Order = ["A+", "A", "A-", "B", "C", "D", "E", "F", "M", "T"];

    /// <summary>Whether this grade is at least <paramref name="minimum"/> (T and M never are).</summary>
    public bool AtLeast(string minimum) => Letter is not null && Array.IndexOf(Order, Letter) is int mine and >= 0 && mine <= Math.Max(0, Array.IndexOf(Order, minimum)) && Letter is not ("T" or "M");
}
