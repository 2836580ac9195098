using System.CommandLine;
using System.Text.Json;
using Ehi.Cli.Output;
using Ehi.Pki.Files;
using Ehi.Pki.Inspection;

namespace Ehi.Cli.Commands.Pki;

/// <summary><c>ehi pki inspect</c>: what is in a PEM file or bundle.</summary>
internal static class PkiInspectCommand
{
    public static Command Create(Terminal terminal)
    {
        var file = new Argument<string>("FILE") { Description = "A PEM certificate or bundle." };
        var json = CommonOptions.Json();
        var command = new Command("inspect", CommonOptions.Help(
            "Show each certificate's subject, issuer, SANs, validity and days left, key, EKU and SPKI pin, and whether the bundle is complete and in order.",
            "ehi pki inspect .ehi/pki/server-fullchain.pem", "ehi pki inspect issuer-ca.pem --json"))
        {
            file, json,
        };
        command.SetAction(result =>
        {
            string path = result.GetValue(file)!;
            var certificates = PemFiles.LoadCertificates(path);
            var now = TimeProvider.System.GetUtcNow();
            var facts = certificates.Select(c => CertificateFacts.Read(c, now)).ToList();
            var order = ChainOrder.Analyze(certificates);
            if (result.GetValue(json))
            {
                terminal.Out.WriteLine(JsonSerializer.Serialize(new InspectReport(1, path, facts, order.InOrder, order.EndsWithRoot, order.Summary), CliJsonContext.Default.InspectReport));
                return ExitCodes.Ok;
            }

            var output = terminal.Out;
            for (int i = 0; i < facts.Count; i++)
            {
                var f = facts[i];
                output.WriteLine($"[{i}] {f.Subject}");
                output.WriteLine($"    issuer      {f.Issuer}");
                output.WriteLine($"    serial      {f.SerialNumber}");
                output.WriteLine($"    valid       {f.NotBefore:yyyy-MM-dd HH:mm} to {f.NotAfter:yyyy-MM-dd HH:mm} UTC ({(f.DaysLeft < 0 ? "EXPIRED" : f.DaysLeft + " days left")})");
                output.WriteLine($"    key         {f.KeyType} {f.KeySize}, signed with {f.SignatureAlgorithm}");
                output.WriteLine($"    CA          {(f.IsCertificateAuthority ? "yes" : "no")}");
                if (f.SubjectAlternativeNames.Count > 0)
                {
                    output.WriteLine($"    SANs        {string.Join(", ", f.SubjectAlternativeNames)}");
                }

                if (f.ExtendedKeyUsages.Count > 0)
                {
                    output.WriteLine($"    EKU         {string.Join(", ", f.ExtendedKeyUsages)}");
                }

                output.WriteLine($"    SPKI pin    {f.SpkiSha256}");
                output.WriteLine($"    SHA-256     {f.Sha256Thumbprint}");
            }

            output.WriteLine($"Chain: {order.Summary}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
