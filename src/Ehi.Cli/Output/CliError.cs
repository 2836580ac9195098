namespace Ehi.Cli.Output;

/// <summary>A failure to report as <c>error: failed to ACTION: CAUSE</c> (and a hint), with its exit code.</summary>
internal sealed class CliError : Exception
{
    public CliError(int exitCode, string action, string cause, string? hint = null)
        : base($"failed to {action}: {cause}")
    {
        ExitCode = exitCode;
        Hint = hint;
    }

    public CliError()
        : this(ExitCodes.Internal, "run", "unknown error")
    {
    }

    public CliError(string message)
        : this(ExitCodes.Internal, "run", message)
    {
    }

    public CliError(string message, Exception inner)
        : base(message, inner) => ExitCode = ExitCodes.Internal;

    public int ExitCode { get; }

    public string? Hint { get; }
}
