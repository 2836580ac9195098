namespace Ehi.Cli;

/// <summary>The one exit-code table of <c>ehi</c> (docs/cli/exit-codes.md quotes it).</summary>
internal static class ExitCodes
{
    /// <summary>Success, or the policy/grade was met.</summary>
    public const int Ok = 0;

    /// <summary>Ran fine, but a check or assertion failed.</summary>
    public const int CheckFailed = 1;

    /// <summary>Bad or conflicting arguments.</summary>
    public const int Usage = 2;

    /// <summary>The target could not be assessed (connect, DNS, handshake).</summary>
    public const int Unreachable = 3;

    /// <summary>Local I/O or configuration error.</summary>
    public const int LocalError = 4;

    /// <summary>A bug in ehi.</summary>
    public const int Internal = 5;

    /// <summary>The help section every command ends with.</summary>
    public const string HelpSection = """
        EXIT CODES:
          0  ok    1  a check or assertion failed    2  usage error
          3  target could not be assessed    4  local I/O or configuration error    5  internal error
        """;
}
