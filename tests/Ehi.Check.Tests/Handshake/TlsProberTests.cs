using Ehi.Check.Handshake;
using Ehi.Pki.Authority;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Check.Tests.Handshake;

/// <summary>The crafted-ClientHello probes against the project's own server, cross-checked with openssl.</summary>
public sealed class TlsProberTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Versions_OnlyTls12And13Accepted()
    {
        using var pki = new TestPki();
        await using var server = await TestServer.StartAsync(pki, output);
        var prober = new TlsProber("127.0.0.1", server.Port, "localhost", TimeSpan.FromSeconds(5));

        foreach (var version in new[] { TlsVersion.Ssl30, TlsVersion.Tls10, TlsVersion.Tls11 })
        {
            var refused = await prober.ProbeVersionAsync(version, CancellationToken.None);
            Assert.False(refused.IsAccepted && refused.Version == version, $"{version} was accepted");
        }

        var tls12 = await prober.ProbeVersionAsync(TlsVersion.Tls12, CancellationToken.None);
        var tls13 = await prober.ProbeVersionAsync(TlsVersion.Tls13, CancellationToken.None);
        Assert.Equal(TlsVersion.Tls12, tls12.Version);
        Assert.True(tls12.SecureRenegotiation);
        Assert.Equal(TlsVersion.Tls13, tls13.Version);
    }

    [Theory]
    [InlineData(KeyKind.EcdsaP256, new ushort[] { 0xC02B, 0xC02C, 0xCCA9 }, new[] { "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305" })]
    [InlineData(KeyKind.Rsa2048, new ushort[] { 0xC02F, 0xC030, 0xCCA8 }, new[] { "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305" })]
    public async Task Enumerate_Tls12_FindsExactlyTheForwardSecretAeadSuites_AsOpensslDoes(KeyKind kind, ushort[] expected, string[] opensslNames)
    {
        using var pki = new TestPki(kind);
        await using var server = await TestServer.StartAsync(pki, output);
        var prober = new TlsProber("127.0.0.1", server.Port, "localhost", TimeSpan.FromSeconds(5));

        var accepted = await prober.EnumerateAsync(TlsVersion.Tls12, CancellationToken.None);

        Assert.Equal(expected.Order(), accepted.Select(s => s.Id).Order());
        Assert.All(accepted, s => Assert.True(s.ForwardSecret && s.Aead && s.Weakness is null, s.Name));
        foreach (string name in opensslNames)
        {
            var openssl = await ExternalTool.RunAsync("openssl", ["s_client", "-connect", $"127.0.0.1:{server.Port}", "-tls1_2", "-cipher", name], string.Empty);
            Assert.Contains($"Cipher is {name}", openssl.All, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Enumerate_Tls13_FindsTheThreeSuites_AndCompressionIsNeverChosen()
    {
        using var pki = new TestPki();
        await using var server = await TestServer.StartAsync(pki, output);
        var prober = new TlsProber("127.0.0.1", server.Port, "localhost", TimeSpan.FromSeconds(5));

        var tls13 = await prober.EnumerateAsync(TlsVersion.Tls13, CancellationToken.None);
        var compressed = await prober.ProbeAsync(TlsVersion.Tls12, [0xC02B], offerCompression: true, CancellationToken.None);

        Assert.Equal(new ushort[] { 0x1301, 0x1302, 0x1303 }, tls13.Select(s => s.Id).Order());
        Assert.True(compressed.IsAccepted);
        Assert.Equal(0, compressed.Compression);
    }
}
