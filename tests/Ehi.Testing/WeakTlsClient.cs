namespace Ehi.Testing;

/// <summary>The real curl, told to drop OpenSSL's own security level (<c>@SECLEVEL=0</c>) and use TLS
/// 1.2, as an attacker presenting a weak certificate would: the client side then sends whatever it
/// is given, so what is tested is the server's judgement alone.</summary>
public static class WeakTlsClient
{
    public sealed record Answer(int Status, string Body, string Raw);

    public static async Task<Answer> PostAsync(TestPki pki, int port, string certFile, string keyFile, string body = """{"foo": "bar"}""")
    {
        string output = Path.Combine(pki.Directory, $"curl-{Guid.NewGuid():N}.out");
        // The cipher string in curl's flags applies too late: OpenSSL checks the client's own
        // certificate when loading it, so the level is lowered in an OpenSSL configuration instead.
        string config = Path.Combine(pki.Directory, "openssl-seclevel0.cnf");
        await File.WriteAllTextAsync(config, """
            openssl_conf = default_conf
            [default_conf]
            ssl_conf = ssl_sect
            [ssl_sect]
            system_default = system_default_sect
            [system_default_sect]
            CipherString = DEFAULT@SECLEVEL=0
            """);
        var result = await ExternalTool.RunAsync("curl",
        [
            "-sS", "-o", output, "-w", "%{http_code}", "--tls-max", "1.2", "--ciphers", "DEFAULT@SECLEVEL=0",
            "--cacert", pki.HostRootFile, "--cert", certFile, "--key", keyFile,
            "--resolve", $"localhost:{port}:127.0.0.1", "-H", "Content-Type: application/json", "--data-binary", body,
            $"https://localhost:{port}/ehi",
        ], environment: new Dictionary<string, string> { ["OPENSSL_CONF"] = config });
        string text = File.Exists(output) ? await File.ReadAllTextAsync(output) : string.Empty;
        return new Answer(int.TryParse(result.Stdout.Trim(), out int status) ? status : 0, text, result.All);
    }
}
