using System.Globalization;
using System.Text.RegularExpressions;

namespace Ehi.Cli.Tests;

/// <summary>Sums of the server's own duration histograms (TLS handshake, HTTP request, decision,
/// journal commit) read from its Prometheus page, to attribute a slow message to a phase.</summary>
internal static partial class ServerPhases
{
    private static readonly (string Label, string Metric)[] Phases =
    [
        ("handshake", "kestrel_tls_handshake_duration_seconds_sum"),
        ("request", "http_server_request_duration_seconds_sum"),
        ("decision", "ehi_decision_duration_seconds_sum"),
        ("commit", "ehi_journal_commit_duration_seconds_sum"),
    ];

    public static async Task<Dictionary<string, double>> ReadAsync(string admin)
    {
        // The exporter answers from a scrape cached for 300 ms: wait it out so this read is new.
        await Task.Delay(350);
        using var http = new HttpClient();
        string text = await http.GetStringAsync(admin + "/metrics");
        var sums = Phases.ToDictionary(p => p.Label, _ => 0.0);
        foreach (Match line in Sample().Matches(text))
        {
            string name = line.Groups["name"].Value;
            // Only the EHI listener's POSTs count as requests (not the admin page read here).
            if (name.StartsWith("http_server", StringComparison.Ordinal) && !line.Value.Contains("http_request_method=\"POST\"", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var (label, metric) in Phases)
            {
                if (name == metric)
                {
                    sums[label] += double.Parse(line.Groups["value"].Value, CultureInfo.InvariantCulture);
                }
            }
        }

        return sums;
    }

    public static string Describe(Dictionary<string, double> from, Dictionary<string, double> to, int messages) =>
        string.Join(" ", Phases.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Label} {(to[p.Label] - from[p.Label]) * 1000 / messages:0.0}")));

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{[^}]*\})? (?<value>[0-9.eE+-]+)$", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
