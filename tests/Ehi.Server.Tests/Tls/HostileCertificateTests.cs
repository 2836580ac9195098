using System.Security.Cryptography.X509Certificates;
using Ehi.Pki.Authority;
using Ehi.Pki.Files;
using Ehi.Server.Tls;
using Ehi.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Ehi.Server.Tests.Tls;

/// <summary>Client certificates an outside test got accepted: weak digests and keys, wrong key usage,
/// CA leaves, chains that avoid Thredd's issuing CA. Each is presented by the real curl over TLS 1.2
/// with OpenSSL's client-side checks off, and must be refused with its own reason.</summary>
public sealed class HostileCertificateTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestPki _pki = new();
    private TestPki? _rsaPki;

    private TestPki RsaPki => _rsaPki ??= new TestPki(KeyKind.Rsa2048);

    [Fact]
    public async Task Curl_StrongCertificateWithSecurityLevelZero_Returns200()
    {
        // The control: the client settings used below do not by themselves get a refusal.
        var answer = await PresentAsync(_pki, _pki.Client);

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task Md5SignedLeaf_IsRefusedAsWeakSignature()
    {
        using var leaf = HostileCertificates.Issue(RsaPki.ProcessorIssuing, new("CN=md5 leaf") { Key = HostileCertificates.Rsa(2048), Digest = "MD5" });
        Assert.Equal("1.2.840.113549.1.1.4", leaf.SignatureAlgorithm.Value);

        await AssertRefusedAsync(RsaPki, leaf, "WeakSignature", "MD5");
    }

    [Fact]
    public async Task Sha1SignedRsaLeaf_IsRefusedAsWeakSignature()
    {
        using var leaf = HostileCertificates.Issue(RsaPki.ProcessorIssuing, new("CN=sha1 leaf") { Key = HostileCertificates.Rsa(2048), Digest = "SHA1" });

        await AssertRefusedAsync(RsaPki, leaf, "WeakSignature", "SHA-1");
    }

    [Fact]
    public async Task Sha1SignedEcdsaLeaf_IsRefusedAsWeakSignature()
    {
        using var leaf = HostileCertificates.Issue(_pki.ProcessorIssuing, new("CN=ecdsa sha1 leaf") { Digest = "SHA1" });

        await AssertRefusedAsync(_pki, leaf, "WeakSignature", "ECDSA with SHA-1");
    }

    [Fact]
    public async Task Sha1SignedIntermediateInTheChain_IsRefusedAsWeakSignature()
    {
        // Given an intermediate the root signed with SHA-1, sent by the client after its leaf
        using var weakCa = HostileCertificates.Issue(_pki.ProcessorRoot, new("CN=SHA-1 Intermediate, O=ehi tests") { Digest = "SHA1", IsCa = true, KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, ClientAuth = false });
        using var authority = HostileCertificates.AsAuthority(weakCa);
        using var leaf = _pki.IssueClient(issuer: authority);

        var answer = await PresentAsync(_pki, leaf, [weakCa], s => s["Ehi:Tls:RequireIssuingCa"] = "false");

        Assert.Equal(400, answer.Status);
        AssertLogged("WeakSignature", "SHA-1 Intermediate");
    }

    [Theory]
    [InlineData(512)]
    [InlineData(1024)]
    public async Task SmallRsaKey_IsRefusedAsWeakKey(int bits)
    {
        using var leaf = HostileCertificates.Issue(_pki.ProcessorIssuing, new($"CN=rsa {bits}") { Key = HostileCertificates.Rsa(bits) });

        await AssertRefusedAsync(_pki, leaf, "WeakKey", $"RSA key of {bits} bits");
    }

    [Fact]
    public async Task SmallEcKey_IsRefusedAsWeakKey()
    {
        // OpenSSL already ends a TLS handshake signed with a P-224 key (its curve is not offered), so
        // over the wire the certificate never gets in; the validator refuses it on its own as well.
        using var leaf = HostileCertificates.Issue(_pki.ProcessorIssuing, new("CN=ec 224") { Key = HostileCertificates.EcP224() });
        var overTheWire = await PresentAsync(_pki, leaf);
        Assert.NotEqual(200, overTheWire.Status);

        var verdict = _server!.Host.Services.GetRequiredService<ClientCertificateValidator>().Validate(leaf, null, _server.Host.Services.GetRequiredService<TlsMaterialSource>().Current);

        Assert.Equal(ClientCertificateOutcome.WeakKey, verdict.Outcome);
        Assert.Contains("EC key of 224 bits", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmallRsaKeyUnderWarnPolicy_IsAcceptedWithAWarning()
    {
        using var leaf = HostileCertificates.Issue(_pki.ProcessorIssuing, new("CN=rsa 1024 tolerated") { Key = HostileCertificates.Rsa(1024) });

        var answer = await PresentAsync(_pki, leaf, configure: s => s["Ehi:Tls:WeakCertificates"] = "Warn");

        Assert.Equal(200, answer.Status);
        Assert.Contains(_server!.Logs.Lines, l => l.Contains("accepted with a warning", StringComparison.Ordinal) && l.Contains("1024 bits", StringComparison.Ordinal));
        Assert.Contains("weak client certificates (MD5/SHA-1 signatures, RSA < 2048, EC < 256 bits): Warn (Ehi:Tls:WeakCertificates)", _server.Host.Report.Controls);
    }

    [Fact]
    public async Task LeafSignedDirectlyByTheRoot_IsRefusedAsNotThroughIssuingCa()
    {
        using var leaf = _pki.IssueClient(issuer: _pki.ProcessorRoot);

        await AssertRefusedAsync(_pki, leaf, "NotThroughIssuingCa", "does not run through a configured issuing CA");
    }

    [Fact]
    public async Task LeafUnderAnotherIntermediateOfTheRoot_IsRefusedAsNotThroughIssuingCa()
    {
        // Given another intermediate the same root issued (not Thredd's issuing CA), sent by the client
        var now = DateTimeOffset.UtcNow;
        using var other = _pki.ProcessorRoot.CreateIntermediate("CN=Some Other Intermediate, O=ehi tests", KeyKind.EcdsaP256, now.AddDays(-1), now.AddYears(1));
        using var leaf = _pki.IssueClient(issuer: other);

        var answer = await PresentAsync(_pki, leaf, [other.Certificate]);

        Assert.Equal(400, answer.Status);
        AssertLogged("NotThroughIssuingCa", "Some Other Intermediate");
        Assert.Contains("client chains must run through a configured issuing CA (Ehi:Tls:RequireIssuingCa true)", _server!.Host.Report.Controls);
    }

    [Fact]
    public async Task LeafUnderAnotherIntermediate_RequireIssuingCaOff_Returns200()
    {
        var now = DateTimeOffset.UtcNow;
        using var other = _pki.ProcessorRoot.CreateIntermediate("CN=Rotated Intermediate, O=ehi tests", KeyKind.EcdsaP256, now.AddDays(-1), now.AddYears(1));
        using var leaf = _pki.IssueClient(issuer: other);

        var answer = await PresentAsync(_pki, leaf, [other.Certificate], s => s["Ehi:Tls:RequireIssuingCa"] = "false");

        Assert.Equal(200, answer.Status);
        Assert.Contains("client chains may use any intermediate under the root (Ehi:Tls:RequireIssuingCa false)", _server!.Host.Report.Controls);
    }

    [Fact]
    public async Task LeafWithKeyCertSignOnly_IsRefusedAsWrongUsage()
    {
        using var leaf = HostileCertificates.Issue(_pki.ProcessorIssuing, new("CN=keyCertSign only") { KeyUsage = X509KeyUsageFlags.KeyCertSign });

        await AssertRefusedAsync(_pki, leaf, "WrongUsage", "does not allow digitalSignature");
    }

    [Fact]
    public async Task LeafThatIsACa_IsRefusedAsLeafIsCa()
    {
        using var leaf = HostileCertificates.Issue(_pki.ProcessorIssuing, new("CN=ca leaf") { IsCa = true, KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign });

        await AssertRefusedAsync(_pki, leaf, "LeafIsCa", "CA:TRUE");
    }

    private TestServer? _server;

    private async Task AssertRefusedAsync(TestPki pki, X509Certificate2 leaf, string outcome, string reason)
    {
        var answer = await PresentAsync(pki, leaf);

        Assert.Equal(400, answer.Status);
        Assert.Contains("The SSL certificate error", answer.Body, StringComparison.Ordinal);
        AssertLogged(outcome, reason);
    }

    private void AssertLogged(string outcome, string reason) =>
        Assert.Contains(_server!.Logs.Lines, l => l.Contains($"Request refused ({outcome})", StringComparison.Ordinal) && l.Contains(reason, StringComparison.Ordinal));

    private async Task<WeakTlsClient.Answer> PresentAsync(TestPki pki, X509Certificate2 leaf, X509Certificate2[]? sentAfterLeaf = null, Action<Dictionary<string, string?>>? configure = null)
    {
        string name = "hostile-" + Guid.NewGuid().ToString("N")[..8];
        using (var key = KeyKinds.PrivateKeyOf(leaf))
        {
            PemFiles.WritePrivate(pki.Path(name + ".key"), PemFiles.ToPem(key));
        }

        PemFiles.WritePublic(pki.Path(name + ".pem"), PemFiles.ToPem([leaf, .. sentAfterLeaf ?? []]));
        _server = await TestServer.StartAsync(pki, output, configure);
        var answer = await WeakTlsClient.PostAsync(pki, _server.Port, pki.Path(name + ".pem"), pki.Path(name + ".key"));
        output.WriteLine($"curl: {answer.Status} {answer.Raw}");
        return answer;
    }

    public void Dispose()
    {
        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _pki.Dispose();
        _rsaPki?.Dispose();
    }
}
