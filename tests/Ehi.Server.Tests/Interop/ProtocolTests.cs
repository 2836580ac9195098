using Ehi.Pki.Authority;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Server.Tests.Interop;

/// <summary>Protocol versions and TLS 1.2 cipher suites, offered by openssl one at a time.</summary>
public sealed class ProtocolTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestPki _pki = new();
    private readonly TestPki _rsaPki = new(KeyKind.Rsa2048);

    [Theory]
    [InlineData("-tls1")]
    [InlineData("-tls1_1")]
    public async Task Handshake_OldProtocol_Refused(string flag)
    {
        await using var server = await TestServer.StartAsync(_pki, output);

        // SECLEVEL=0 lets the local openssl offer the old protocol at all; the server must still refuse.
        var result = await SClientAsync(server.Port, flag, "-cipher", "DEFAULT@SECLEVEL=0");

        Assert.DoesNotContain("Cipher is", result.All.Replace("Cipher is (NONE)", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.NotEqual(0, result.ExitCode);
    }

    [Theory]
    [InlineData("-tls1_2", "TLSv1.2")]
    [InlineData("-tls1_3", "TLSv1.3")]
    public async Task Handshake_CurrentProtocol_Accepted(string flag, string expected)
    {
        await using var server = await TestServer.StartAsync(_pki, output);

        var result = await SClientAsync(server.Port, flag);

        Assert.Contains($"New, {expected}, Cipher is", result.All, StringComparison.Ordinal);
        Assert.Contains("Compression: NONE", result.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ECDHE-ECDSA-AES128-GCM-SHA256", true)]
    [InlineData("ECDHE-ECDSA-AES256-GCM-SHA384", true)]
    [InlineData("ECDHE-ECDSA-CHACHA20-POLY1305", true)]
    [InlineData("ECDHE-ECDSA-AES128-SHA", false)]
    [InlineData("ECDHE-ECDSA-AES256-SHA384", false)]
    [InlineData("ECDHE-ECDSA-AES128-SHA256", false)]
    public async Task Handshake_Tls12SuiteWithEcdsaCertificate_OnlyForwardSecretAead(string suite, bool accepted)
    {
        await using var server = await TestServer.StartAsync(_pki, output);

        var result = await SClientAsync(server.Port, "-tls1_2", "-cipher", suite);

        Assert.Equal(accepted, result.All.Contains($"Cipher is {suite}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ECDHE-RSA-AES128-GCM-SHA256", true)]
    [InlineData("ECDHE-RSA-AES256-GCM-SHA384", true)]
    [InlineData("ECDHE-RSA-CHACHA20-POLY1305", true)]
    [InlineData("AES128-GCM-SHA256", false)]
    [InlineData("AES256-SHA256", false)]
    [InlineData("DHE-RSA-AES128-GCM-SHA256", false)]
    [InlineData("ECDHE-RSA-AES128-SHA", false)]
    [InlineData("DES-CBC3-SHA", false)]
    public async Task Handshake_Tls12SuiteWithRsaCertificate_OnlyForwardSecretAead(string suite, bool accepted)
    {
        await using var server = await TestServer.StartAsync(_rsaPki, output);

        var result = await SClientAsync(server.Port, "-tls1_2", "-cipher", suite + "@SECLEVEL=0");

        Assert.Equal(accepted, result.All.Contains($"Cipher is {suite}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Handshake_ClientInitiatedRenegotiation_Refused()
    {
        await using var server = await TestServer.StartAsync(_pki, output);

        // "R" asks s_client to renegotiate; the server must not complete a second handshake.
        var result = await SClientAsync(server.Port, "-tls1_2", "-cert", _pki.ClientCertFile, "-key", _pki.ClientKeyFile, "__stdin:R\n");

        Assert.Contains("RENEGOTIATING", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("verify return:1\nverify return:1\nverify return:1\nverify return:1", result.All, StringComparison.Ordinal);
        Assert.Matches("(?s)RENEGOTIATING.*(error|closed|eof)", result.All);
    }

    private async Task<ExternalTool.Result> SClientAsync(int port, params string[] extra)
    {
        string stdin = extra.FirstOrDefault(e => e.StartsWith("__stdin:", StringComparison.Ordinal))?["__stdin:".Length..] ?? string.Empty;
        string[] args = ["s_client", "-connect", $"127.0.0.1:{port}", .. extra.Where(e => !e.StartsWith("__stdin:", StringComparison.Ordinal))];
        var result = await ExternalTool.RunAsync("openssl", args, stdin, holdStdinOpen: stdin.Length > 0 ? TimeSpan.FromSeconds(1) : null);
        output.WriteLine(string.Join(' ', args));
        output.WriteLine(result.All);
        return result;
    }

    public void Dispose()
    {
        _pki.Dispose();
        _rsaPki.Dispose();
    }
}
