using System.CommandLine;
using System.Text.Json;
using Ehi.Cli.Output;
using Ehi.Pki.Authority;
using Ehi.Pki.Dev;

namespace Ehi.Cli.Commands.Pki;

/// <summary><c>ehi pki dev</c>: the dev PKI that mirrors the real topology.</summary>
internal static class PkiDevCommand
{
    public static Command Create(Terminal terminal)
    {
        var dir = new Option<string>("--dir") { Description = "Directory for the files.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("EHI_PKI_DIR") ?? DevPkiLayout.DefaultDirectory };
        var force = CommonOptions.Force();
        var rsa = CommonOptions.Rsa();
        var json = CommonOptions.Json();
        var command = new Command("dev", CommonOptions.Help(
            "Create a development PKI: a processor root and issuing CA with a transport (client) certificate standing in for Thredd, " +
            "and a host root and intermediate with a server certificate for localhost, 127.0.0.1 and ::1. Existing files are reused unless --force.\n" +
            "CAUTION: not a real PKI. The CA keys are unencrypted; whoever reads them can mint certificates the dev trust accepts.",
            "ehi pki dev", "ehi pki dev --dir /tmp/pki --rsa --force"))
        {
            dir, force, rsa, json,
        };
        command.SetAction(result =>
        {
            var layout = new DevPkiLayout(result.GetValue(dir)!);
            var outcome = new DevPki(TimeProvider.System).Ensure(layout, result.GetValue(rsa) ? KeyKind.Rsa2048 : KeyKind.EcdsaP256, result.GetValue(force));
            if (result.GetValue(json))
            {
                terminal.Out.WriteLine(JsonSerializer.Serialize(new DevPkiReport(1, Path.GetFullPath(layout.Directory), outcome.Created, outcome.Certificates), CliJsonContext.Default.DevPkiReport));
                return ExitCodes.Ok;
            }

            Render(terminal.Out, outcome);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static void Render(TextWriter output, DevPkiResult outcome)
    {
        var layout = outcome.Layout;
        output.WriteLine(outcome.Created
            ? $"Created a dev PKI in {Path.GetFullPath(layout.Directory)} (keys 0600):"
            : $"Reusing the dev PKI in {Path.GetFullPath(layout.Directory)}{(outcome.CrlRefreshed ? " (CRL re-issued)" : string.Empty)} (--force replaces it):");
        foreach (var entry in outcome.Certificates)
        {
            output.WriteLine($"  {entry.Role,-36} {Path.GetFileName(entry.Path),-26} expires {entry.NotAfter:yyyy-MM-dd}");
        }

        output.WriteLine($"  {"processor CA bundle (trust)",-36} {Path.GetFileName(layout.ProcessorCaBundle),-26}");
        output.WriteLine($"  {"issuing CA CRL",-36} {Path.GetFileName(layout.ProcessorIssuingCrl),-26}");
        output.WriteLine($"  {"server chain (leaf + intermediate)",-36} {Path.GetFileName(layout.ServerFullChain),-26}");
        output.WriteLine();
        output.WriteLine("Next: ./ehi serve --dev   (serves https://localhost:8443/ehi with these files)");
    }
}
