using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Ehi.Simulate.Scenarios;

namespace Ehi.Cli.Commands.Simulate;

/// <summary>Scenario results as a test runner prints them, as JSON, and as JUnit XML.</summary>
internal static class ScenarioOutput
{
    public static void Line(TextWriter output, ScenarioResult r)
    {
        string label = r.Outcome switch { ScenarioResult.Passed => "PASS", ScenarioResult.Failed => "FAIL", _ => "SKIP" };
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label} {r.Name}{(r.Outcome == ScenarioResult.Skipped ? ": " + r.Failures[0] : $" ({r.Duration.TotalMilliseconds:0} ms, {r.Messages} messages)")}"));
        if (r.Outcome == ScenarioResult.Failed)
        {
            foreach (string failure in r.Failures)
            {
                output.WriteLine("     " + failure);
            }
        }
    }

    public static string Verdict(IReadOnlyList<ScenarioResult> results) =>
        $"{results.Count(r => r.Outcome == ScenarioResult.Passed)} passed, {results.Count(r => r.Outcome == ScenarioResult.Failed)} failed, {results.Count(r => r.Outcome == ScenarioResult.Skipped)} skipped";

    public static string Json(string target, int mode, IReadOnlyList<ScenarioResult> results)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", 1);
            w.WriteString("target", target);
            w.WriteNumber("mode", mode);
            w.WriteNumber("passed", results.Count(r => r.Outcome == ScenarioResult.Passed));
            w.WriteNumber("failed", results.Count(r => r.Outcome == ScenarioResult.Failed));
            w.WriteNumber("skipped", results.Count(r => r.Outcome == ScenarioResult.Skipped));
            w.WriteStartArray("results");
            foreach (var r in results)
            {
                w.WriteStartObject();
                w.WriteString("name", r.Name);
                w.WriteString("outcome", r.Outcome);
                w.WriteNumber("durationMs", Math.Round(r.Duration.TotalMilliseconds, 1));
                w.WriteNumber("messages", r.Messages);
                w.WriteStartArray("failures");
                foreach (string f in r.Failures)
                {
                    w.WriteStringValue(f);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void JUnit(string path, IReadOnlyList<ScenarioResult> results)
    {
        var suite = new XElement("testsuite",
            new XAttribute("name", "ehi simulate"),
            new XAttribute("tests", results.Count),
            new XAttribute("failures", results.Count(r => r.Outcome == ScenarioResult.Failed)),
            new XAttribute("skipped", results.Count(r => r.Outcome == ScenarioResult.Skipped)),
            results.Select(r => new XElement("testcase",
                new XAttribute("classname", "ehi.simulate"),
                new XAttribute("name", r.Name),
                new XAttribute("time", r.Duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)),
                r.Outcome == ScenarioResult.Failed ? new XElement("failure", new XAttribute("message", r.Failures[0]), string.Join("\n", r.Failures)) : null,
                r.Outcome == ScenarioResult.Skipped ? new XElement("skipped", new XAttribute("message", r.Failures[0])) : null)));
        new XDocument(new XElement("testsuites", suite)).Save(path);
    }
}
