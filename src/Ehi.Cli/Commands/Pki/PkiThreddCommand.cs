using System.CommandLine;
using Ehi.Cli.Output;
using Ehi.Pki;
using Ehi.Pki.Files;
using Ehi.Pki.Signing;

namespace Ehi.Cli.Commands.Pki;

/// <summary><c>ehi pki thredd</c>: downloads Thredd's root and issuing CA (guide 4.1.3) once, so
/// the sandbox and production trust profiles can point at the files.</summary>
internal static class PkiThreddCommand
{
    private static readonly Dictionary<string, string> PublishedAt = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sandbox"] = "https://crl.pki.sandbox.threddid.com/",
        ["production"] = "https://crl.pki.threddid.com/",
    };

    public static Command Create(Terminal terminal)
    {
        var profile = new Option<string>("--profile") { Description = "sandbox (UAT) or production.", Required = true };
        profile.AcceptOnlyFromAmong("sandbox", "production");
        var dir = new Option<string>("--dir") { Description = "Thredd CA directory (Ehi:Tls:ThreddCaDirectory).", DefaultValueFactory = _ => ".ehi/thredd" };
        var baseUrl = new Option<string?>("--base-url") { Description = "Fetch from a mirror instead of Thredd's published URL." };
        var command = new Command("thredd", CommonOptions.Help(
            "Download Thredd's root-ca.pem and issuer-ca.pem for a profile into DIR/PROFILE/, check that the issuing CA is issued by the root, and keep them for 'ehi serve --trust-profile PROFILE'.",
            "ehi pki thredd --profile sandbox", "ehi pki thredd --profile production --dir /etc/ehi/thredd"))
        {
            profile, dir, baseUrl,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            string name = result.GetValue(profile)!.ToLowerInvariant();
            var source = new Uri(result.GetValue(baseUrl) ?? PublishedAt[name]);
            string target = Path.Combine(result.GetValue(dir)!, name);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var files = new Dictionary<string, string>();
            foreach (string file in new[] { "root-ca.pem", "issuer-ca.pem" })
            {
                var url = new Uri(source, file);
                try
                {
                    files[file] = await http.GetStringAsync(url, cancellationToken).ConfigureAwait(false);
                }
                catch (HttpRequestException ex)
                {
                    throw new CliError(ExitCodes.Unreachable, $"download {url}", ex.Message, $"download it by hand into {target}/{file}");
                }
            }

            string temp = Path.Combine(Path.GetTempPath(), "ehi-thredd-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(temp);
            try
            {
                foreach (var (file, text) in files)
                {
                    File.WriteAllText(Path.Combine(temp, file), text);
                }

                var root = PemFiles.LoadCertificates(Path.Combine(temp, "root-ca.pem"))[0];
                var issuer = PemFiles.LoadCertificates(Path.Combine(temp, "issuer-ca.pem"))[0];
                if (!CertificateSignature.IsIssuedBy(issuer, root))
                {
                    throw new PkiException($"the downloaded issuer-ca.pem ({issuer.Subject}) is not issued by root-ca.pem ({root.Subject})");
                }

                foreach (var (file, text) in files)
                {
                    PemFiles.WritePublic(Path.Combine(target, file), text);
                }

                terminal.Out.WriteLine($"Saved Thredd's {name} CAs in {Path.GetFullPath(target)}:");
                terminal.Out.WriteLine($"  root-ca.pem    {root.Subject}, expires {root.NotAfter:yyyy-MM-dd}");
                terminal.Out.WriteLine($"  issuer-ca.pem  {issuer.Subject}, expires {issuer.NotAfter:yyyy-MM-dd}");
                terminal.Out.WriteLine($"Next: ./ehi serve --cert fullchain.pem --key server.key --trust-profile {name}");
                return ExitCodes.Ok;
            }
            finally
            {
                Directory.Delete(temp, recursive: true);
            }
        });
        return command;
    }
}
