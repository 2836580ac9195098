using System.Security.Authentication;
using Ehi.Check.Connectivity;
using Ehi.Check.Findings;
using Ehi.Check.Grading;

namespace Ehi.Check.Engine;

/// <summary>Measures first, then judges (sslyze's habit): one connectivity handshake, then every
/// check of the registry, each bounded in time and isolated (a check that throws or times out is
/// one ERROR finding; the report still comes out); then the grade from the findings' typed facts.</summary>
/// <param name="registry">The checks.</param>
/// <param name="time">The clock.</param>
public sealed class CheckEngine(CheckRegistry registry, TimeProvider time)
{
    /// <summary>The current report schema version (docs/cli/check-report.schema.json).</summary>
    public const int SchemaVersion = 2;

    /// <summary>Runs every check of <see cref="CheckRegistry.Default"/> on the system clock.</summary>
    /// <exception cref="CheckTargetException">The target cannot be reached or will not complete any handshake.</exception>
    public static Task<CheckReport> RunAsync(CheckOptions options, GradeLetter minimumGrade, CancellationToken cancellationToken) =>
        new CheckEngine(CheckRegistry.Default, TimeProvider.System).RunChecksAsync(options, minimumGrade, cancellationToken);

    /// <summary>Runs the registry's checks.</summary>
    /// <exception cref="CheckTargetException">The target cannot be reached or will not complete any handshake.</exception>
    public async Task<CheckReport> RunChecksAsync(CheckOptions options, GradeLetter minimumGrade, CancellationToken cancellationToken)
    {
        string host = options.Url.Host.Trim('[', ']');
        var view = await ServerView.ObserveAsync(host, options.Url.Port, options.ServerName ?? host, null, SslProtocols.Tls12 | SslProtocols.Tls13, options.Timeout, cancellationToken).ConfigureAwait(false);
        var context = new CheckContext(options, view, time);
        var findings = new List<Finding>();
        foreach (var check in registry.Checks)
        {
            findings.AddRange(await RunOneAsync(check, context, cancellationToken).ConfigureAwait(false));
        }

        var grade = Grader.Rate(findings);
        bool ready = findings.All(f => f.Status is not (FindingStatus.Fail or FindingStatus.Error)) && grade.AtLeast(minimumGrade);
        return new CheckReport(SchemaVersion, options.Url.ToString(), ready, grade.Letter, grade.Reasons, findings);
    }

    private async Task<IReadOnlyList<Finding>> RunOneAsync(ICheck check, CheckContext context, CancellationToken cancellationToken)
    {
        var limit = context.Options.CheckTimeout;
        using var expiry = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        try
        {
            // WaitAsync as well as the token: a check that ignores its token is still abandoned in time.
            return await check.RunAsync(context, linked.Token).WaitAsync(limit, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            return [Error(check, $"it did not finish within {limit.TotalSeconds:0.#} s", "timed out")];
        }
        catch (Exception ex)
        {
            return [Error(check, ex.Message, $"{ex.GetType().Name}: {ex.Message}")];
        }
    }

    private static Finding Error(ICheck check, string reason, string evidence) => new(
        check.Id + ".error",
        FindingStatus.Error,
        $"The {check.Id} check could not complete: {reason}. Its findings are missing from this report.",
        evidence,
        "Run ehi check again; if it persists, the endpoint behaves in a way the check did not expect: report it with the --json output.");
}
