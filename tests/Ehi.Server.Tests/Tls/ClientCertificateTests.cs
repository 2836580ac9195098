using Ehi.Pki.Inspection;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Server.Tests.Tls;

public sealed class ClientCertificateTests(ITestOutputHelper output) : IDisposable
{
    private const string NoCertificatePage = "<center>No required SSL certificate was sent</center>";
    private const string CertificateErrorPage = "<center>The SSL certificate error</center>";
    private readonly TestPki _pki = new();

    [Fact]
    public async Task Request_ValidTransportCertificate_Returns200Acknowledgement()
    {
        // Given a server trusting the processor CAs
        await using var server = await TestServer.StartAsync(_pki, output);

        // When the transport certificate posts the guide's test body
        var answer = await server.Client(_pki, _pki.Client).PostAsync("/ehi", """{"foo": "bar"}""");

        // Then it is acknowledged, with HSTS
        Assert.Equal(200, answer.Status);
        Assert.Equal("""{"Acknowledgement":"0"}""", answer.Body);
        Assert.Equal("max-age=31536000", answer.Header("Strict-Transport-Security"));
        Assert.False(answer.ClosedByServer);
    }

    [Fact]
    public async Task Request_NoCertificate_Returns400NginxPageAndCloses()
    {
        await using var server = await TestServer.StartAsync(_pki, output);

        var answer = await server.Client(_pki, null).PostAsync("/ehi", "{}");

        Assert.Equal(400, answer.Status);
        Assert.Contains("<title>400 No required SSL certificate was sent</title>", answer.Body, StringComparison.Ordinal);
        Assert.Contains(NoCertificatePage, answer.Body, StringComparison.Ordinal);
        Assert.Equal("max-age=31536000", answer.Header("Strict-Transport-Security"));
        Assert.True(answer.ClosedByServer);
        Assert.Contains(server.Logs.Lines, l => l.Contains("Request refused (NoCertificate)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_RevokedCertificate_Returns400CertificateError()
    {
        // Given a CRL of the issuing CA that revokes the transport certificate
        string crl = _pki.WriteCrl("issuing.crl", _pki.ProcessorIssuing, DateTimeOffset.UtcNow.AddDays(7), _pki.Client);
        await using var server = await TestServer.StartAsync(_pki, output, s => s["Ehi:Tls:CrlPaths:0"] = crl);

        var answer = await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}");

        Assert.Equal(400, answer.Status);
        Assert.Contains(CertificateErrorPage, answer.Body, StringComparison.Ordinal);
        Assert.True(answer.ClosedByServer);
        Assert.Contains(server.Logs.Lines, l => l.Contains("Request refused (Revoked)", StringComparison.Ordinal) && l.Contains(_pki.Client.SerialNumber, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_CrlRevokingAnotherCertificate_Returns200()
    {
        using var other = _pki.IssueClient();
        string crl = _pki.WriteCrl("issuing.crl", _pki.ProcessorIssuing, DateTimeOffset.UtcNow.AddDays(7), other);
        await using var server = await TestServer.StartAsync(_pki, output, s => s["Ehi:Tls:CrlPaths:0"] = crl);

        var answer = await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}");

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task Request_StaleCrlUnderRefusePolicy_Returns400()
    {
        string crl = _pki.WriteCrl("issuing.crl", _pki.ProcessorIssuing, DateTimeOffset.UtcNow.AddHours(-1));
        await using var server = await TestServer.StartAsync(_pki, output, s => s["Ehi:Tls:CrlPaths:0"] = crl);

        var answer = await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}");

        Assert.Equal(400, answer.Status);
        Assert.Contains(server.Logs.Lines, l => l.Contains("Request refused (StaleCrl)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_StaleCrlUnderWarnPolicy_Returns200AndLogsWarning()
    {
        string crl = _pki.WriteCrl("issuing.crl", _pki.ProcessorIssuing, DateTimeOffset.UtcNow.AddHours(-1));
        await using var server = await TestServer.StartAsync(_pki, output, s =>
        {
            s["Ehi:Tls:CrlPaths:0"] = crl;
            s["Ehi:Tls:StaleCrl"] = "Warn";
        });

        var answer = await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}");

        Assert.Equal(200, answer.Status);
        Assert.Contains(server.Logs.Lines, l => l.Contains("accepted with a warning", StringComparison.Ordinal) && l.Contains("stale", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_SelfSignedCertificate_Returns400CertificateError()
    {
        using var self = TestPki.SelfSignedClient();
        await using var server = await TestServer.StartAsync(_pki, output);

        var answer = await server.Client(_pki, self).PostAsync("/ehi", "{}");

        Assert.Equal(400, answer.Status);
        Assert.Contains(CertificateErrorPage, answer.Body, StringComparison.Ordinal);
        Assert.Contains(server.Logs.Lines, l => l.Contains("Request refused (Untrusted)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_LookalikeIssuingCa_Returns400CertificateError()
    {
        // Given a CA that copies the issuing CA's subject and issuer names with another key,
        // and a client certificate from it that also sends the look-alike CA in its chain
        using var lookalike = _pki.CreateLookalikeIssuingCa();
        using var forged = _pki.IssueClient(issuer: lookalike);
        Assert.Equal(_pki.Client.Issuer, forged.Issuer);
        await using var server = await TestServer.StartAsync(_pki, output);

        var answer = await new MtlsClient { Port = server.Port, ServerRoot = _pki.HostRoot.Certificate, Certificate = forged, ChainExtras = [lookalike.Certificate] }.PostAsync("/ehi", "{}");

        Assert.Equal(400, answer.Status);
        Assert.Contains(CertificateErrorPage, answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_ExpiredCertificate_Returns400CertificateError()
    {
        var now = DateTimeOffset.UtcNow;
        using var expired = _pki.IssueClient(p => p with { NotBefore = now.AddDays(-20), NotAfter = now.AddDays(-1) });
        await using var server = await TestServer.StartAsync(_pki, output);

        var answer = await server.Client(_pki, expired).PostAsync("/ehi", "{}");

        Assert.Equal(400, answer.Status);
        Assert.Contains(server.Logs.Lines, l => l.Contains("Request refused (Expired)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_NotYetValidCertificate_Returns400CertificateError()
    {
        var now = DateTimeOffset.UtcNow;
        using var future = _pki.IssueClient(p => p with { NotBefore = now.AddDays(1), NotAfter = now.AddDays(60) });
        await using var server = await TestServer.StartAsync(_pki, output);

        var answer = await server.Client(_pki, future).PostAsync("/ehi", "{}");

        Assert.Equal(400, answer.Status);
        Assert.Contains(server.Logs.Lines, l => l.Contains("Request refused (NotYetValid)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_ServerAuthOnlyCertificate_Returns400CertificateError()
    {
        using var serverOnly = _pki.IssueClient(p => p with { ExtendedKeyUsages = [CertificateFacts.ServerAuthOid] });
        await using var server = await TestServer.StartAsync(_pki, output);

        var answer = await server.Client(_pki, serverOnly).PostAsync("/ehi", "{}");

        Assert.Equal(400, answer.Status);
        Assert.Contains(server.Logs.Lines, l => l.Contains("Request refused (WrongUsage)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_ValidCertificateFailingPins_Returns403()
    {
        using var other = _pki.IssueClient();
        await using var server = await TestServer.StartAsync(_pki, output, s => s["Ehi:Tls:Pins:0"] = SpkiPin.Compute(other));

        var answer = await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}");

        Assert.Equal(403, answer.Status);
        Assert.True(answer.ClosedByServer);
        Assert.Contains(server.Logs.Lines, l => l.Contains("Request refused (PinMismatch)", StringComparison.Ordinal) && l.Contains(_pki.Client.Subject, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_CertificateMatchingSecondPin_Returns200()
    {
        // Two pins allow rotation: the old and the new transport key; a CA pin works as well.
        using var other = _pki.IssueClient();
        await using var server = await TestServer.StartAsync(_pki, output, s =>
        {
            s["Ehi:Tls:Pins:0"] = SpkiPin.Compute(other);
            s["Ehi:Tls:Pins:1"] = SpkiPin.Compute(_pki.Client);
        });

        var answer = await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}");

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task Connection_AddressOutsideAllowList_IsClosedBeforeTls()
    {
        // 192.0.2.0/24 is TEST-NET-1: only listed, never contacted.
        await using var server = await TestServer.StartAsync(_pki, output, s => s["Ehi:AllowIps:0"] = "192.0.2.0/24");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}"));
        Assert.True(error is IOException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException, error.ToString());
        Assert.Contains(server.Logs.Lines, l => l.Contains("address 127.0.0.1 is not in Ehi:AllowIps", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connection_AddressInsideAllowList_Returns200()
    {
        await using var server = await TestServer.StartAsync(_pki, output, s =>
        {
            s["Ehi:AllowIps:0"] = "2001:db8::/32";
            s["Ehi:AllowIps:1"] = "127.0.0.0/8";
        });

        var answer = await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}");

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task Server_FromPfxWithIntermediate_SendsFullChain()
    {
        // Given the server certificate, its key and the intermediate in one password-protected PFX
        var bundle = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection { _pki.Server, _pki.HostIntermediate.Certificate };
        File.WriteAllBytes(_pki.Path("server.pfx"), bundle.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12, "s3cret")!);
        await using var server = await TestServer.StartAsync(_pki, output, s =>
        {
            s.Remove("Ehi:Tls:CertificatePath");
            s.Remove("Ehi:Tls:KeyPath");
            s["Ehi:Tls:PfxPath"] = _pki.Path("server.pfx");
            s["Ehi:Tls:PfxPassword"] = "s3cret";
        });

        // Then a client that trusts only the host root verifies the chain (the intermediate was sent)
        var answer = await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}");
        Assert.Equal(200, answer.Status);
    }

    public void Dispose() => _pki.Dispose();
}
