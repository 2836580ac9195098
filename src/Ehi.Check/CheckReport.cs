using Ehi.Check.Findings;
using Ehi.Check.Grading;

namespace Ehi.Check;

/// <summary>The result of <c>ehi check</c>: the findings, the grade and the verdict (schema in docs/cli/check-report.schema.json).</summary>
/// <param name="SchemaVersion">2 (ERROR status and typed facts were added in 2).</param>
/// <param name="Target">The URL checked.</param>
/// <param name="Ready">True when nothing failed or errored and the grade meets the minimum: the endpoint may be handed to Thredd.</param>
/// <param name="Grade">The grade, or null when not graded.</param>
/// <param name="GradeReasons">Every cap and warning behind the grade.</param>
/// <param name="Findings">Every finding.</param>
public sealed record CheckReport(int SchemaVersion, string Target, bool Ready, GradeLetter? Grade, IReadOnlyList<string> GradeReasons, IReadOnlyList<Finding> Findings);
