using System.CommandLine;
using Ehi.Cli.Output;
using Ehi.Pki.Authority;
using Ehi.Pki.Requests;

namespace Ehi.Cli.Commands.Pki;

/// <summary><c>ehi pki csr</c>: a key and CSR for a commercial CA (guide 4.1.2 step 1).</summary>
internal static class PkiCsrCommand
{
    public static Command Create(Terminal terminal)
    {
        var cn = new Option<string>("--cn") { Description = "The host name Thredd connects to (also the first SAN).", Required = true };
        var san = new Option<string[]>("--san") { Description = "More DNS names or IP addresses (repeatable).", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "Directory for NAME.key and NAME.csr.", DefaultValueFactory = _ => "." };
        var rsa = CommonOptions.Rsa();
        var force = CommonOptions.Force();
        var command = new Command("csr", CommonOptions.Help(
            "Create a private key (0600) and a certificate signing request for the endpoint's server certificate. " +
            "Send the .csr to your CA (DigiCert, AWS, ...); install what it returns with the intermediate as the --cert file of 'ehi serve'.",
            "ehi pki csr --cn ehi.example.com", "ehi pki csr --cn ehi.example.com --san ehi2.example.com --rsa --out /etc/ehi"))
        {
            cn, san, output, rsa, force,
        };
        command.SetAction(result =>
        {
            var (keyPath, csrPath) = SigningRequest.Write(result.GetValue(cn)!, result.GetValue(san) ?? [], result.GetValue(output)!, result.GetValue(rsa) ? KeyKind.Rsa2048 : KeyKind.EcdsaP256, result.GetValue(force));
            terminal.Out.WriteLine($"Created {keyPath} (private key, 0600) and {csrPath}.");
            terminal.Out.WriteLine($"Next: send {csrPath} to your CA, then serve the certificate it returns followed by its intermediate:");
            terminal.Out.WriteLine($"  cat server.crt intermediate.crt > fullchain.pem && ./ehi serve --cert fullchain.pem --key {keyPath} --trust-profile sandbox");
            return ExitCodes.Ok;
        });
        return command;
    }
}
