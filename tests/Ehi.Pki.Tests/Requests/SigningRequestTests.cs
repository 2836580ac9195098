using Ehi.Pki.Authority;
using Ehi.Pki.Requests;
using Ehi.Testing;

namespace Ehi.Pki.Tests.Requests;

public sealed class SigningRequestTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ehi-csr-");

    [Theory]
    [InlineData(KeyKind.EcdsaP256, "ASN1 OID: prime256v1")]
    [InlineData(KeyKind.Rsa2048, "Public-Key: (2048 bit)")]
    public async Task Write_CsrVerifiesWithOpensslAndCarriesTheNames(KeyKind kind, string keyLine)
    {
        var (keyPath, csrPath) = SigningRequest.Write("ehi.example.com", ["ehi2.example.com", "203.0.113.7"], _dir.FullName, kind, force: false);

        var verify = await ExternalTool.RunAsync("openssl", ["req", "-in", csrPath, "-noout", "-verify", "-text"]);
        Assert.Contains("verify OK", verify.All, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Subject: CN = ehi.example.com", verify.Stdout, StringComparison.Ordinal);
        Assert.Contains("DNS:ehi.example.com, DNS:ehi2.example.com, IP Address:203.0.113.7", verify.Stdout, StringComparison.Ordinal);
        Assert.Contains("TLS Web Server Authentication", verify.Stdout, StringComparison.Ordinal);
        Assert.Contains(keyLine, verify.Stdout, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));

        // The key belongs to the CSR
        var csrKey = await ExternalTool.RunAsync("openssl", ["req", "-in", csrPath, "-noout", "-pubkey"]);
        var keyPub = await ExternalTool.RunAsync("openssl", ["pkey", "-in", keyPath, "-pubout"]);
        Assert.Equal(csrKey.Stdout, keyPub.Stdout);
    }

    [Fact]
    public void Write_ExistingFiles_RefusedWithoutForce()
    {
        SigningRequest.Write("ehi.example.com", [], _dir.FullName, KeyKind.EcdsaP256, force: false);

        var error = Assert.Throws<PkiException>(() => SigningRequest.Write("ehi.example.com", [], _dir.FullName, KeyKind.EcdsaP256, force: false));
        Assert.Contains("pass --force", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
