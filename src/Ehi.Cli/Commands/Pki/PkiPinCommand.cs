using System.CommandLine;
using Ehi.Cli.Output;
using Ehi.Pki.Files;
using Ehi.Pki.Inspection;

namespace Ehi.Cli.Commands.Pki;

/// <summary><c>ehi pki pin</c>: the SPKI SHA-256 pin of a certificate.</summary>
internal static class PkiPinCommand
{
    public static Command Create(Terminal terminal)
    {
        var file = new Argument<string>("FILE") { Description = "A PEM certificate (the first one of a bundle is pinned)." };
        var command = new Command("pin", CommonOptions.Help(
            "Print the SPKI SHA-256 pin (base64) of a certificate: the value 'ehi serve --pin' and Ehi:Tls:Pins take.",
            "ehi pki pin .ehi/pki/client.pem", "ehi serve --dev --pin $(ehi pki pin thredd-transport.pem)"))
        {
            file,
        };
        command.SetAction(result =>
        {
            using var certificate = PemFiles.LoadCertificates(result.GetValue(file)!)[0];
            terminal.Out.WriteLine(SpkiPin.Compute(certificate));
            return ExitCodes.Ok;
        });
        return command;
    }
}
