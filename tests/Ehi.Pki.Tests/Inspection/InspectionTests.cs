using Ehi.Pki.Inspection;
using Ehi.Pki.Signing;
using Ehi.Testing;

namespace Ehi.Pki.Tests.Inspection;

public sealed class InspectionTests : IDisposable
{
    private readonly TestPki _pki = new();

    [Fact]
    public async Task SpkiPin_MatchesOpensslPipeline()
    {
        // openssl x509 -pubkey | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64
        var pub = await ExternalTool.RunAsync("openssl", ["x509", "-in", _pki.ClientCertFile, "-noout", "-pubkey"]);
        string der = _pki.Path("pub.der");
        await ExternalTool.RunAsync("openssl", ["pkey", "-pubin", "-outform", "der", "-out", der], pub.Stdout);
        string expected = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(der)));

        Assert.Equal(expected, SpkiPin.Compute(_pki.Client));
        Assert.True(SpkiPin.IsWellFormed(expected));
        Assert.False(SpkiPin.IsWellFormed("abc"));
    }

    [Fact]
    public void ChainOrder_ReversedBundle_IsReportedBroken()
    {
        var order = ChainOrder.Analyze([_pki.HostIntermediate.Certificate, _pki.Server]);

        Assert.False(order.InOrder);
        Assert.Equal(0, order.BrokenAt);
    }

    [Fact]
    public void ChainOrder_FullChainWithRoot_EndsWithRoot()
    {
        var order = ChainOrder.Analyze([_pki.Server, _pki.HostIntermediate.Certificate, _pki.HostRoot.Certificate]);

        Assert.True(order.InOrder);
        Assert.True(order.EndsWithRoot);
    }

    [Fact]
    public void CertificateFacts_ReadsSansEkuKeyAndDaysLeft()
    {
        var facts = CertificateFacts.Read(_pki.Server, DateTimeOffset.UtcNow);

        Assert.Equal(["DNS:localhost", "IP:127.0.0.1", "IP:::1"], facts.SubjectAlternativeNames);
        Assert.Equal(["serverAuth"], facts.ExtendedKeyUsages);
        Assert.Equal(("ECDSA", 256), (facts.KeyType, facts.KeySize));
        Assert.InRange(facts.DaysLeft, 88, 90);
        Assert.False(facts.IsCertificateAuthority);
    }

    [Fact]
    public void IsIssuedBy_LookalikeCaWithSameNames_IsFalse()
    {
        using var lookalike = _pki.CreateLookalikeIssuingCa();

        Assert.True(CertificateSignature.IsIssuedBy(_pki.Client, _pki.ProcessorIssuing.Certificate));
        Assert.False(CertificateSignature.IsIssuedBy(_pki.Client, lookalike.Certificate));
    }

    public void Dispose() => _pki.Dispose();
}
