using Ehi.Cli.Output;

namespace Ehi.Cli.Tests;

/// <summary>Runs the CLI in-process with captured stdout and stderr.</summary>
internal static class CliRunner
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await CliApplication.RunAsync(args, new Terminal(output, error));
        return (exit, output.ToString(), error.ToString());
    }
}
