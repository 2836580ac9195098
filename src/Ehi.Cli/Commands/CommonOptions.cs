using System.CommandLine;

namespace Ehi.Cli.Commands;

/// <summary>Options shared by several verbs, spelled once.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print one JSON document on stdout (with schemaVersion) instead of text." };

    public static Option<bool> Rsa() => new("--rsa") { Description = "Generate RSA 2048 keys instead of ECDSA P-256." };

    public static Option<bool> Force() => new("--force") { Description = "Replace existing files (their keys are lost)." };

    /// <summary>Appends the EXAMPLES and EXIT CODES sections to a description.</summary>
    public static string Help(string description, params string[] examples) =>
        description + "\n\nEXAMPLES:\n" + string.Join("\n", examples.Select(e => "  " + e)) + "\n\n" + ExitCodes.HelpSection;
}
