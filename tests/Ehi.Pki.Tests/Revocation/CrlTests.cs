using Ehi.Pki.Revocation;
using Ehi.Testing;

namespace Ehi.Pki.Tests.Revocation;

public sealed class CrlTests : IDisposable
{
    private readonly TestPki _pki = new();

    [Fact]
    public async Task Parse_CrlMadeByOpenssl_ReadsRevokedSerialAndVerifiesSignature()
    {
        // Given a CRL issued by the openssl ca command revoking the transport certificate
        string dir = _pki.Path("ca");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "index.txt"), string.Empty);
        File.WriteAllText(Path.Combine(dir, "crlnumber"), "01\n");
        _pki.WriteServer("issuing.pem", "issuing.key", _pki.ProcessorIssuing.Certificate);
        File.WriteAllText(Path.Combine(dir, "ca.cnf"), $"""
            [ ca ]
            default_ca = dev
            [ dev ]
            database = {dir}/index.txt
            crlnumber = {dir}/crlnumber
            certificate = {_pki.Path("issuing.pem")}
            private_key = {_pki.Path("issuing.key")}
            default_md = sha256
            default_crl_days = 7
            """);
        var revoke = await ExternalTool.RunAsync("openssl", ["ca", "-config", Path.Combine(dir, "ca.cnf"), "-revoke", _pki.ClientCertFile]);
        Assert.True(revoke.ExitCode == 0, revoke.All);
        var gen = await ExternalTool.RunAsync("openssl", ["ca", "-config", Path.Combine(dir, "ca.cnf"), "-gencrl", "-out", _pki.Path("openssl.crl")]);
        Assert.True(gen.ExitCode == 0, gen.All);

        // When ehi parses it
        var crl = CertificateRevocationList.Load(_pki.Path("openssl.crl"));

        // Then the serial is revoked, another is not, and only the issuing CA's key verifies it
        Assert.True(crl.Revokes(_pki.Client));
        Assert.False(crl.Revokes(_pki.Server));
        Assert.True(crl.IsSignedBy(_pki.ProcessorIssuing.Certificate));
        Assert.False(crl.IsSignedBy(_pki.ProcessorRoot.Certificate));
        using var lookalike = _pki.CreateLookalikeIssuingCa();
        Assert.False(crl.IsSignedBy(lookalike.Certificate));
        Assert.False(crl.IsStale(DateTimeOffset.UtcNow));
        Assert.True(crl.IsStale(DateTimeOffset.UtcNow.AddDays(8)));
    }

    [Fact]
    public void Parse_Garbage_ThrowsPlainSentence()
    {
        var error = Assert.Throws<PkiException>(() => CertificateRevocationList.Parse("not a crl"u8.ToArray(), "x.crl"));

        Assert.StartsWith("x.crl is not a valid X.509 CRL", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _pki.Dispose();
}
