using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Xml.Linq;
using Ehi.Check;
using Ehi.Check.Connectivity;
using Ehi.Check.Engine;
using Ehi.Check.Findings;
using Ehi.Check.Grading;
using Ehi.Cli.Output;
using Ehi.Pki;
using Ehi.Pki.Dev;
using Ehi.Pki.Files;

namespace Ehi.Cli.Commands.Check;

/// <summary><c>ehi check</c>: the guide's go-live checks (4.1.4) in one command, with a grade.</summary>
internal static class CheckCommand
{
    public static Command Create(Terminal terminal)
    {
        var url = new Argument<string>("URL") { Description = "The EHI endpoint, e.g. https://ehi.example.com/ehi." };
        var cert = new Option<string?>("--client-cert") { Description = "PEM transport certificate for the 'with certificate' probe (its chain may follow it)." };
        var key = new Option<string?>("--client-key") { Description = "Its key." };
        var ca = new Option<string?>("--ca") { Description = "PEM roots the server chain must verify against (default: the system store)." };
        var expect = new Option<string?>("--expect-ca") { Description = "The CAs the server must list: sandbox, production, dev, or a PEM file." };
        var sni = new Option<string?>("--sni") { Description = "The server name to send (default: the URL's host)." };
        var minGrade = new Option<string>("--min-grade") { Description = "The lowest acceptable grade.", DefaultValueFactory = _ => "A" };
        minGrade.AcceptOnlyFromAmong("A+", "A", "A-", "B", "C");
        var json = CommonOptions.Json();
        var ehi = new Option<bool>("--ehi") { Description = "Also POST a real EHI authorisation (with --client-cert) and validate the answer's shape." };
        var junit = new Option<string?>("--junit") { Description = "Also write one JUnit test case per check to this file." };
        var pkiDir = new Option<string>("--pki-dir") { Description = "Dev PKI directory for --expect-ca dev.", DefaultValueFactory = _ => DevPkiLayout.DefaultDirectory };
        var threddDir = new Option<string>("--thredd-dir") { Description = "Where ehi pki thredd saved Thredd's CAs.", DefaultValueFactory = _ => ".ehi/thredd" };
        var command = new Command("check", CommonOptions.Help(
            "Run the guide's go-live checks against an endpoint from your own network: chain and depth verification, client authentication and its CA names, protocols and cipher suites probed with crafted ClientHellos, renegotiation, compression, HSTS, the curl probes with and without a certificate, and hostile certificates that must be refused. Prints one line per check with the fix, and an SSL Labs-style grade. Exit 0 when the endpoint is ready to hand to Thredd.",
            "ehi check https://localhost:8443/ehi --ca .ehi/pki/host-root-ca.pem --client-cert .ehi/pki/client.pem --client-key .ehi/pki/client.key --expect-ca dev",
            "ehi check https://ehi.example.com/ehi --expect-ca sandbox --json --junit check.xml"))
        {
            url, cert, key, ca, expect, sni, minGrade, ehi, json, junit, pkiDir, threddDir,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!Uri.TryCreate(result.GetValue(url), UriKind.Absolute, out var target) || target.Scheme != Uri.UriSchemeHttps)
            {
                throw new CliError(ExitCodes.Usage, "check the endpoint", $"'{result.GetValue(url)}' is not an https URL");
            }

            if (result.GetValue(cert) is null != result.GetValue(key) is null)
            {
                throw new CliError(ExitCodes.Usage, "read the client certificate", "--client-cert and --client-key go together");
            }

            var options = new CheckOptions
            {
                Url = target,
                ClientCertificate = result.GetValue(cert) is { } c ? Load(() => X509Certificate2.CreateFromPemFile(c, result.GetValue(key)!), c) : null,
                ClientCertificateFile = result.GetValue(cert),
                ClientKeyFile = result.GetValue(key),
                ClientChain = result.GetValue(cert) is { } chainFile ? [.. Load(() => PemFiles.LoadCertificates(chainFile), chainFile).Skip(1)] : [],
                Roots = result.GetValue(ca) is { } roots ? new X509Certificate2Collection(Load(() => PemFiles.LoadCertificates(roots), roots)) : null,
                ExpectedCas = ExpectedCas(result.GetValue(expect), result.GetValue(pkiDir)!, result.GetValue(threddDir)!),
                ServerName = result.GetValue(sni),
                EhiMessage = result.GetValue(ehi),
            };
            GradeLetters.TryParse(result.GetValue(minGrade)!, out var minimum);
            CheckReport report;
            try
            {
                report = await CheckEngine.RunAsync(options, minimum, cancellationToken).ConfigureAwait(false);
            }
            catch (CheckTargetException ex)
            {
                throw new CliError(ExitCodes.Unreachable, $"assess {target}", ex.Message, "check the URL, the port and that the server is listening");
            }

            if (result.GetValue(junit) is { } file)
            {
                WriteJUnit(file, report);
            }

            if (result.GetValue(json))
            {
                terminal.Out.WriteLine(JsonSerializer.Serialize(report, CheckJsonContext.Default.CheckReport));
            }
            else
            {
                Render(terminal.Out, report, result.GetValue(minGrade)!);
            }

            // A check that could not complete leaves the endpoint not fully assessed: the report
            // is still written, and the exit code says so.
            return report.Findings.Any(f => f.Status == FindingStatus.Error) ? ExitCodes.Unreachable
                : report.Ready ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static void Render(TextWriter output, CheckReport report, string minimum)
    {
        foreach (var f in report.Findings)
        {
            output.WriteLine($"{Label(f.Status),-4} {f.Id}: {f.Text}");
            if (f.Status != FindingStatus.Pass && f.Evidence.Length > 0)
            {
                output.WriteLine($"       seen: {f.Evidence}");
            }

            if (f.Hint is not null && f.Status != FindingStatus.Pass)
            {
                output.WriteLine($"       fix:  {f.Hint}");
            }
        }

        output.WriteLine($"Grade: {report.Grade?.Display() ?? "not graded"}{(report.GradeReasons.Count > 0 ? " (" + string.Join("; ", report.GradeReasons) + ")" : string.Empty)}");
        output.WriteLine(report.Ready
            ? $"Ready to hand to Thredd: no check failed and the grade meets {minimum}."
            : $"Not ready: {report.Findings.Count(f => f.Status == FindingStatus.Fail)} check(s) failed, {report.Findings.Count(f => f.Status == FindingStatus.Error)} could not complete{(report.Grade is null ? string.Empty : $", grade {report.Grade.Value.Display()} (minimum {minimum})")}.");
    }

    private static string Label(FindingStatus status) => status switch
    {
        FindingStatus.Pass => "PASS",
        FindingStatus.Warn => "WARN",
        FindingStatus.Fail => "FAIL",
        FindingStatus.Info => "INFO",
        _ => "ERROR",
    };

    private static void WriteJUnit(string path, CheckReport report)
    {
        var suite = new XElement("testsuite",
            new XAttribute("name", "ehi check " + report.Target),
            new XAttribute("tests", report.Findings.Count),
            new XAttribute("failures", report.Findings.Count(f => f.Status == FindingStatus.Fail)),
            new XAttribute("errors", report.Findings.Count(f => f.Status == FindingStatus.Error)),
            report.Findings.Select(f => new XElement("testcase",
                new XAttribute("classname", "ehi.check"),
                new XAttribute("name", f.Id),
                f.Status == FindingStatus.Fail ? new XElement("failure", new XAttribute("message", f.Text), f.Evidence + (f.Hint is null ? string.Empty : "\nfix: " + f.Hint)) : null,
                f.Status == FindingStatus.Error ? new XElement("error", new XAttribute("message", f.Text), f.Evidence) : null,
                new XElement("system-out", $"{Label(f.Status)}: {f.Text} ({f.Evidence})"))));
        new XDocument(new XElement("testsuites", suite)).Save(path);
    }

    private static IReadOnlyList<X509Certificate2> ExpectedCas(string? expect, string pkiDir, string threddDir) => expect switch
    {
        null => [],
        "dev" => Load(() => PemFiles.LoadCertificates(new DevPkiLayout(pkiDir).ProcessorCaBundle), pkiDir),
        "sandbox" or "production" => [.. Load(() => PemFiles.LoadCertificates(Path.Combine(threddDir, expect, "root-ca.pem")), "root-ca.pem"), .. Load(() => PemFiles.LoadCertificates(Path.Combine(threddDir, expect, "issuer-ca.pem")), "issuer-ca.pem")],
        _ => Load(() => PemFiles.LoadCertificates(expect), expect),
    };

    private static T Load<T>(Func<T> load, string what)
    {
        try
        {
            return load();
        }
        catch (Exception ex) when (ex is PkiException or IOException or System.Security.Cryptography.CryptographicException)
        {
            throw new CliError(ExitCodes.LocalError, "read " + what, ex.Message, what is "root-ca.pem" or "issuer-ca.pem" ? "run ehi pki thredd --profile sandbox (or production) first" : null);
        }
    }

}
