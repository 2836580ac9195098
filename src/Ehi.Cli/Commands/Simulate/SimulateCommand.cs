using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ehi.Cli.Output;
using Ehi.Simulate.Load;
using Ehi.Simulate.Scenarios;

namespace Ehi.Cli.Commands.Simulate;

/// <summary><c>ehi simulate</c>: play Thredd against an endpoint.</summary>
internal static class SimulateCommand
{
    public static Command Create(Terminal terminal) => new("simulate", CommonOptions.Help(
        "Play Thredd against any EHI endpoint over mTLS: named conformance scenarios that assert every answer, and a load generator.",
        "ehi simulate list", "ehi simulate run --all --dev", "ehi simulate load --dev --rate 2000 --duration 30"))
    {
        List(terminal),
        Run(terminal),
        Load(terminal),
    };

    private static Command List(Terminal terminal)
    {
        var command = new Command("list", CommonOptions.Help("List the scenarios.", "ehi simulate list"));
        command.SetAction(_ =>
        {
            foreach (var s in ScenarioRegistry.All)
            {
                terminal.Out.WriteLine($"{s.Name,-42} {s.Description}{(s.NeedsAdmin ? " [needs --admin]" : string.Empty)}{(s.Modes.Count < 4 ? $" [modes {string.Join(",", s.Modes)}]" : string.Empty)}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Run(Terminal terminal)
    {
        var target = new TargetOptions();
        var names = new Argument<string[]>("NAME") { Description = "Scenarios to run (see ehi simulate list).", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Run every scenario." };
        var mode = new Option<int>("--mode") { Description = "The EHI mode the target runs (1 to 4); decides which scenarios apply and what answers to expect.", DefaultValueFactory = _ => 1 };
        var seed = new Option<int>("--seed") { Description = "Seed of amounts, merchants and networks.", DefaultValueFactory = _ => 1 };
        var json = CommonOptions.Json();
        var junit = new Option<string?>("--junit") { Description = "Also write a JUnit XML report to this file." };
        var command = new Command("run", CommonOptions.Help(
            "Run conformance scenarios and print one line per scenario and a verdict. Exit 0 when none failed, 1 otherwise.",
            "ehi simulate run --all --dev", "ehi simulate run approve refund --target https://ehi.example.com/ehi --client-cert t.pem --client-key t.key --ca root.pem --json"))
        {
            names, all, mode, seed, json, junit,
        };
        foreach (var option in target.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            string[] selected = result.GetValue(names) ?? [];
            if (selected.Length > 0 == result.GetValue(all))
            {
                throw new CliError(ExitCodes.Usage, "choose scenarios", "name scenarios or pass --all (not both, not neither)", "ehi simulate list");
            }

            var unknown = selected.Where(n => ScenarioRegistry.Find(n) is null).ToList();
            if (unknown.Count > 0)
            {
                throw new CliError(ExitCodes.Usage, "choose scenarios", $"unknown scenario {string.Join(", ", unknown)}; valid names: {string.Join(", ", ScenarioRegistry.All.Select(s => s.Name))}");
            }

            if (result.GetValue(mode) is < 1 or > 4)
            {
                throw new CliError(ExitCodes.Usage, "choose the mode", "--mode must be 1, 2, 3 or 4");
            }

            var endpoint = target.Resolve(result);
            using var admin = target.ResolveAdmin(result);
            bool asJson = result.GetValue(json);
            var scenarios = selected.Length > 0 ? selected.Select(n => ScenarioRegistry.Find(n)!) : ScenarioRegistry.All;
            var runner = new ScenarioRunner(endpoint, admin, result.GetValue(mode), result.GetValue(seed), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000);
            IReadOnlyList<ScenarioResult> results;
            try
            {
                results = await runner.RunAsync(scenarios, asJson ? null : r => ScenarioOutput.Line(terminal.Out, r), cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                throw new CliError(ExitCodes.Unreachable, "use the admin API", ex.Message, "check --admin, or leave it out to assert answers only");
            }

            if (result.GetValue(junit) is { } file)
            {
                ScenarioOutput.JUnit(file, results);
            }

            if (asJson)
            {
                terminal.Out.WriteLine(ScenarioOutput.Json(endpoint.Url.ToString(), result.GetValue(mode), results));
            }
            else
            {
                terminal.Out.WriteLine(ScenarioOutput.Verdict(results));
            }

            bool unreachable = results.Where(r => r.Outcome != ScenarioResult.Skipped).All(r => r.Failures.Any(f => f.StartsWith("connection:", StringComparison.Ordinal)));
            return results.All(r => r.Outcome != ScenarioResult.Failed) ? ExitCodes.Ok : unreachable ? ExitCodes.Unreachable : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static Command Load(Terminal terminal)
    {
        var target = new TargetOptions();
        var rate = new Option<double>("--rate") { Description = "Messages per second (open loop)." };
        var max = new Option<bool>("--max") { Description = "As fast as answers come back (closed loop)." };
        var connections = new Option<int>("--connections") { Description = "Concurrent connections.", DefaultValueFactory = _ => 16 };
        var duration = new Option<double>("--duration") { Description = "Seconds to measure.", DefaultValueFactory = _ => 10 };
        var warmup = new Option<double>("--warmup") { Description = "Seconds before measuring.", DefaultValueFactory = _ => 2 };
        var perMessage = new Option<bool>("--new-connection-per-message") { Description = "A full TLS handshake for every message." };
        var mix = new Option<string>("--mix") { Description = "Weights of auth, reversal, presentment, advice, load.", DefaultValueFactory = _ => "auth=100" };
        var cards = new Option<int>("--cards") { Description = "Spread the load over this many cards (created funded first when --admin is given).", DefaultValueFactory = _ => 0 };
        var noCheck = new Option<bool>("--no-check") { Description = "Count any 2xx as success (a plain baseline such as a static page)." };
        var seed = new Option<int>("--seed") { Description = "Seed.", DefaultValueFactory = _ => 1 };
        var json = CommonOptions.Json();
        var command = new Command("load", CommonOptions.Help(
            "Load the endpoint and report throughput, latency percentiles (from the intended send time), errors by kind, answers by Responsestatus and handshakes/s. Exit 1 when any message failed its check.",
            "ehi simulate load --dev --rate 2000 --duration 30", "ehi simulate load --dev --max --connections 32 --mix auth=70,reversal=5,presentment=20,load=5 --cards 100000 --json"))
        {
            rate, max, connections, duration, warmup, perMessage, mix, cards, noCheck, seed, json,
        };
        foreach (var option in target.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            if ((result.GetValue(rate) > 0) == result.GetValue(max))
            {
                throw new CliError(ExitCodes.Usage, "choose the load", "give --rate N or --max (one of them)");
            }

            IReadOnlyDictionary<string, int> weights;
            try
            {
                weights = LoadOptions.ParseMix(result.GetValue(mix)!);
            }
            catch (FormatException ex)
            {
                throw new CliError(ExitCodes.Usage, "read --mix", ex.Message);
            }

            var endpoint = target.Resolve(result);
            using var admin = target.ResolveAdmin(result);
            var options = new LoadOptions
            {
                Rate = result.GetValue(max) ? 0 : result.GetValue(rate),
                Connections = Math.Max(1, result.GetValue(connections)),
                Duration = TimeSpan.FromSeconds(result.GetValue(duration)),
                Warmup = TimeSpan.FromSeconds(result.GetValue(warmup)),
                NewConnectionPerMessage = result.GetValue(perMessage),
                Mix = weights,
                Cards = result.GetValue(cards),
                Check = !result.GetValue(noCheck),
                Seed = result.GetValue(seed),
            };
            if (admin is not null && options.Cards > 0)
            {
                int created = await admin.CreateCardsAsync(options.FirstCard, options.Cards, "826", 1_000_000m, cancellationToken).ConfigureAwait(false);
                terminal.Error.WriteLine($"created {created} funded cards");
            }

            bool live = !result.GetValue(json) && !Console.IsErrorRedirected;
            var progress = live ? new Progress<LoadProgress>(p => terminal.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\r{p.Elapsed.TotalSeconds,5:0}s  sent {p.Sent,9}  errors {p.Errors,6}  {p.Rate,8:0}/s   "))) : null;
            var report = await new LoadGenerator(endpoint, options).RunAsync(progress, cancellationToken).ConfigureAwait(false);
            if (live)
            {
                terminal.Error.WriteLine();
            }

            if (result.GetValue(json))
            {
                terminal.Out.WriteLine(JsonSerializer.Serialize(report, SimulateJsonContext.Default.LoadReport));
            }
            else
            {
                var l = report.LatencyMs;
                terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{report.Answered} answers in {report.Seconds:0.0} s: {report.Throughput:0}/s, {report.Errors} errors, {report.HandshakesPerSecond:0} handshakes/s"));
                terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"latency ms: p50 {l.P50:0.00}  p90 {l.P90:0.00}  p99 {l.P99:0.00}  p99.9 {l.P999:0.00}  max {l.Max:0.00}"));
                terminal.Out.WriteLine("p99 ms by second: " + string.Join(" ", report.BySecond.Select(s => s.P99.ToString("0.0", CultureInfo.InvariantCulture))));
                terminal.Out.WriteLine("answers: " + string.Join(", ", report.AnswersByStatus.OrderByDescending(a => a.Value).Select(a => $"{a.Key} {a.Value}")));
                if (report.ErrorsByKind.Count > 0)
                {
                    terminal.Out.WriteLine("errors: " + string.Join(", ", report.ErrorsByKind.Select(e => $"{e.Key} {e.Value}")));
                }
            }

            return report.Sent == 0 ? ExitCodes.Unreachable : report.Errors > 0 ? ExitCodes.CheckFailed : ExitCodes.Ok;
        });
        return command;
    }
}
