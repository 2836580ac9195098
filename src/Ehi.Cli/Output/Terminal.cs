namespace Ehi.Cli.Output;

/// <summary>Where the CLI writes: results to <see cref="Out"/>, diagnostics to <see cref="Error"/>.
/// Tests pass their own writers.</summary>
internal sealed class Terminal(TextWriter output, TextWriter error)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public static Terminal System { get; } = new(Console.Out, Console.Error);

    public int Fail(CliError error)
    {
        Error.WriteLine("error: " + error.Message);
        if (error.Hint is { } hint)
        {
            Error.WriteLine("hint: " + hint);
        }

        return error.ExitCode;
    }
}
