using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Ehi.Cli.Tests;

/// <summary>The startup banner of an <c>ehi serve</c> process (stdout up to "Stop with"), and the
/// EHI port and admin URL it names.</summary>
internal sealed partial record ServeBanner(string Text)
{
    public int Port => int.Parse(Listening().Match(Text).Groups[1].Value, CultureInfo.InvariantCulture);

    public string Admin => AdminLine().Match(Text).Groups[1].Value;

    /// <summary>Reads the banner, then keeps draining both streams so the server never blocks on a full pipe.</summary>
    public static async Task<ServeBanner> ReadAsync(Process server)
    {
        var text = new StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (await server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            text.AppendLine(line);
            if (line.StartsWith("Stop with", StringComparison.Ordinal))
            {
                _ = server.StandardOutput.ReadToEndAsync();
                _ = server.StandardError.ReadToEndAsync();
                return new ServeBanner(text.ToString());
            }
        }

        throw new InvalidOperationException("ehi serve did not start: " + text + await server.StandardError.ReadToEndAsync());
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex Listening();

    [GeneratedRegex(@"admin API\s+(http://[\d.]+:\d+)")]
    private static partial Regex AdminLine();
}
