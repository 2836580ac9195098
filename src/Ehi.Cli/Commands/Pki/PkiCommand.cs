using System.CommandLine;
using Ehi.Cli.Output;

namespace Ehi.Cli.Commands.Pki;

/// <summary><c>ehi pki</c>: certificates.</summary>
internal static class PkiCommand
{
    public static Command Create(Terminal terminal) => new("pki", CommonOptions.Help(
        "Certificates: a dev PKI mirroring the real topology, CSRs for a real CA, inspection, SPKI pins, Thredd's CA files.",
        "ehi pki dev", "ehi pki csr --cn ehi.example.com", "ehi pki inspect fullchain.pem", "ehi pki pin client.pem", "ehi pki thredd --profile sandbox"))
    {
        PkiDevCommand.Create(terminal),
        PkiCsrCommand.Create(terminal),
        PkiInspectCommand.Create(terminal),
        PkiPinCommand.Create(terminal),
        PkiThreddCommand.Create(terminal),
    };
}
