namespace Ehi.Check.Grading;

/// <summary>The SSL Labs-style grade, with every cap and warning that shaped it.</summary>
/// <param name="Letter">The letter, or null when not graded.</param>
/// <param name="Score">The numeric score before caps (0–100).</param>
/// <param name="Reasons">Each cap or warning, one sentence.</param>
public sealed record Grade(GradeLetter? Letter, int Score, IReadOnlyList<string> Reasons)
{
    /// <summary>Whether this grade is at least <paramref name="minimum"/> (T and M never are).</summary>
    public bool AtLeast(GradeLetter minimum) => Letter is { } letter && letter.IsTrusted() && letter <= minimum;
}
