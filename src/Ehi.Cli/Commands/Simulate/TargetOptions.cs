using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Ehi.Cli.Output;
using Ehi.Pki;
using Ehi.Pki.Dev;
using Ehi.Pki.Files;
using Ehi.Simulate.Admin;
using Ehi.Simulate.Wire;

namespace Ehi.Cli.Commands.Simulate;

/// <summary>The options that say which endpoint to play Thredd against, shared by run and load.</summary>
internal sealed class TargetOptions
{
    public Option<string?> Target { get; } = new("--target") { Description = "The EHI URL, e.g. https://ehi.example.com/ehi." };

    public Option<string?> ClientCert { get; } = new("--client-cert") { Description = "PEM transport certificate (the client chain may follow it)." };

    public Option<string?> ClientKey { get; } = new("--client-key") { Description = "PEM key of the transport certificate." };

    public Option<string?> Ca { get; } = new("--ca") { Description = "PEM roots that must verify the server (default: the system store)." };

    public Option<string?> Admin { get; } = new("--admin") { Description = "The host's admin API (ledger): cards are created and balances asserted." };

    public Option<string?> AdminToken { get; } = new("--admin-token") { Description = "Bearer token of the admin API (default: EHI_ADMIN_TOKEN).", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("EHI_ADMIN_TOKEN") };

    public Option<bool> Dev { get; } = new("--dev") { Description = "Use the dev PKI and ehi serve --dev's defaults (https://localhost:8443/ehi, admin http://127.0.0.1:8444)." };

    public Option<string> PkiDir { get; } = new("--pki-dir") { Description = "Dev PKI directory for --dev.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("EHI_PKI_DIR") ?? DevPkiLayout.DefaultDirectory };

    public IEnumerable<Option> All => [Target, ClientCert, ClientKey, Ca, Admin, AdminToken, Dev, PkiDir];

    public EhiTarget Resolve(ParseResult result)
    {
        bool dev = result.GetValue(Dev);
        var layout = new DevPkiLayout(result.GetValue(PkiDir)!);
        string? url = result.GetValue(Target) ?? (dev ? "https://localhost:8443/ehi" : null);
        string? cert = result.GetValue(ClientCert) ?? (dev ? layout.ClientCert : null);
        string? key = result.GetValue(ClientKey) ?? (dev ? layout.ClientKey : null);
        string? ca = result.GetValue(Ca) ?? (dev ? layout.HostRootCert : null);
        if (url is null || cert is null || key is null)
        {
            throw new CliError(ExitCodes.Usage, "choose the target", "--target, --client-cert and --client-key are required (or --dev)", "ehi simulate run --all --dev");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new CliError(ExitCodes.Usage, "choose the target", $"'{url}' is not an https URL");
        }

        X509Certificate2 client;
        try
        {
            client = X509Certificate2.CreateFromPemFile(cert, key);
        }
        catch (Exception ex) when (ex is IOException or System.Security.Cryptography.CryptographicException)
        {
            throw new CliError(ExitCodes.LocalError, "load the transport certificate", ex.Message, dev ? "run ehi pki dev first" : null);
        }

        var chain = new X509Certificate2Collection(PemFiles.LoadCertificates(cert).Skip(1).ToArray());
        X509Certificate2Collection? roots = ca is null ? null : new X509Certificate2Collection(LoadRoots(ca));
        return new EhiTarget(uri, client, roots, chain);
    }

    public AdminApi? ResolveAdmin(ParseResult result)
    {
        string? url = result.GetValue(Admin) ?? (result.GetValue(Dev) ? "http://127.0.0.1:8444" : null);
        if (url is null)
        {
            return null;
        }

        return Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var uri)
            ? AdminApi.Create(uri, result.GetValue(AdminToken))
            : throw new CliError(ExitCodes.Usage, "use the admin API", $"'{url}' is not a URL");
    }

    private static X509Certificate2[] LoadRoots(string path)
    {
        try
        {
            return PemFiles.LoadCertificates(path);
        }
        catch (PkiException ex)
        {
            throw new CliError(ExitCodes.LocalError, "load the CA file", ex.Message);
        }
    }
}
