using Ehi.Check.Checks.Chain;
using Ehi.Check.Checks.ClientAuth;
using Ehi.Check.Checks.Http;
using Ehi.Check.Checks.Tls;
using Ehi.Check.Engine;
using Ehi.Check.Findings;
using Ehi.Check.Grading;
using Ehi.Check.Handshake;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Check.Tests.Checks;

public sealed class TlsCheckTests(ITestOutputHelper output)
{
    [Fact]
    public async Task OwnServer_EveryProtocolAndSuiteFindingPasses()
    {
        using var pki = new TestPki();
        await using var server = await TestServer.StartAsync(pki, output);

        var facts = await TlsFacts.MeasureAsync(new TlsProber("127.0.0.1", server.Port, "localhost", TimeSpan.FromSeconds(5)), CancellationToken.None);
        var findings = TlsCheck.Run(facts);

        Assert.All(findings.Where(f => f.Status != FindingStatus.Info), f => Assert.True(f.Status == FindingStatus.Pass, $"{f.Id}: {f.Text}"));
        Assert.Equal(3, findings.Count(f => f.Id.StartsWith("tls.ciphers.TLS_ECDHE", StringComparison.Ordinal)));

        // OpenSSL's default groups behind Kestrel: the three every client offers must be there.
        Assert.NotNull(facts.Groups);
        Assert.Contains((ushort)0x001D, facts.Groups);
        Assert.Contains((ushort)0x0017, facts.Groups);
        Assert.Contains((ushort)0x0018, facts.Groups);
        Assert.Contains("x25519 (253 bits)", findings.Single(f => f.Id == "tls.groups").Text, StringComparison.Ordinal);

        // The test certificates carry no OCSP responder, so there is nothing to staple.
        Assert.False(facts.OcspStapling);
    }

    [Fact]
    public void WeakFacts_GiveTheRightStatuses()
    {
        var facts = new TlsFacts(
            new Dictionary<TlsVersion, bool> { [TlsVersion.Ssl30] = false, [TlsVersion.Tls10] = true, [TlsVersion.Tls11] = true, [TlsVersion.Tls12] = true, [TlsVersion.Tls13] = false },
            [CipherSuites.Describe(0xC02F), CipherSuites.Describe(0xC013), CipherSuites.Describe(0x009C), CipherSuites.Describe(0x000A)],
            [],
            true,
            SecureRenegotiation: false,
            Compression: true);

        var findings = TlsCheck.Run(facts).ToDictionary(f => f.Id, f => f.Status);

        Assert.Equal(FindingStatus.Fail, findings["tls.protocols.tls10"]);
        Assert.Equal(FindingStatus.Warn, findings["tls.protocols.tls13"]);
        Assert.Equal(FindingStatus.Pass, findings["tls.ciphers.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"]);
        Assert.Equal(FindingStatus.Warn, findings["tls.ciphers.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"]);
        Assert.Equal(FindingStatus.Fail, findings["tls.ciphers.TLS_RSA_WITH_AES_128_GCM_SHA256"]);
        Assert.Equal(FindingStatus.Fail, findings["tls.ciphers.TLS_RSA_WITH_3DES_EDE_CBC_SHA"]);
        Assert.Equal(FindingStatus.Warn, findings["tls.renegotiation"]);
        Assert.Equal(FindingStatus.Fail, findings["tls.compression"]);
    }
}
