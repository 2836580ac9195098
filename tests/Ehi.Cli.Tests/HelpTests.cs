namespace Ehi.Cli.Tests;

public sealed class HelpTests
{
    public static TheoryData<string[]> Verbs() =>
    [
        ["serve"], ["pki"], ["pki", "dev"], ["pki", "csr"], ["pki", "inspect"], ["pki", "pin"], ["pki", "thredd"],
        ["cards"], ["cards", "create"], ["cards", "load"], ["cards", "unload"], ["cards", "status"], ["cards", "rules"], ["cards", "show"], ["ledger"], ["ledger", "verify"], ["ledger", "unmatched"], ["report"], ["report", "reconcile"],
        ["check"], ["simulate"], ["simulate", "list"], ["simulate", "run"], ["simulate", "load"],
        ["journal"], ["journal", "list"], ["journal", "show"], ["journal", "export"], ["journal", "cutoffs"], ["journal", "rejected"], ["journal", "archive"],
    ];

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Help_EveryVerb_HasExamplesAndExitCodes(string[] verb)
    {
        var (exit, output, _) = await CliRunner.RunAsync([.. verb, "--help"]);

        Assert.Equal(0, exit);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains("EXAMPLES:", output, StringComparison.Ordinal);
        Assert.Contains("EXIT CODES:", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Help_Examples_ParseWithoutErrors(string[] verb)
    {
        var (_, output, _) = await CliRunner.RunAsync([.. verb, "--help"]);
        var examples = output[(output.IndexOf("EXAMPLES:", StringComparison.Ordinal) + 9)..output.IndexOf("EXIT CODES:", StringComparison.Ordinal)]
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("ehi ", StringComparison.Ordinal));

        foreach (string example in examples)
        {
            // Command substitutions stand for values, and a pipe ends ehi's part; parse the rest as written.
            string line = System.Text.RegularExpressions.Regex.Replace(example.Split(" | ")[0], @"\$\([^)]*\)", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
            var parsed = CliApplication.Create(new Output.Terminal(TextWriter.Null, TextWriter.Null)).Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray());
            Assert.True(parsed.Errors.Count == 0, $"'{example}': {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
        }
    }

    [Fact]
    public async Task NoArguments_PrintsShortUsage()
    {
        var (exit, output, _) = await CliRunner.RunAsync();

        Assert.Equal(0, exit);
        Assert.Contains("ehi serve --dev", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_IsUsageErrorWithHint()
    {
        var (exit, _, error) = await CliRunner.RunAsync("pki", "dev", "--frobnicate");

        Assert.Equal(2, exit);
        Assert.Contains("error: Unrecognized command or argument '--frobnicate'", error, StringComparison.Ordinal);
        Assert.Contains("hint: run 'ehi pki dev --help'", error, StringComparison.Ordinal);
    }
}
