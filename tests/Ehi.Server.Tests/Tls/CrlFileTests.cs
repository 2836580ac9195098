using System.Security.Cryptography;
using Ehi.Server.Hosting;
using Ehi.Testing;
using Microsoft.Extensions.Configuration;
using Xunit.Abstractions;

namespace Ehi.Server.Tests.Tls;

/// <summary>CRL files as CAs publish them: several CRLs in one PEM or DER file, CRLs revoking an
/// intermediate, CRLs from the future, and revocations that arrive while a connection stays open.</summary>
public sealed class CrlFileTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestPki _pki = new();

    [Fact]
    public async Task PemWithRootCrlFirst_IssuingCaCrlSecondRevokesClient_IsRefused()
    {
        string file = WritePem("bundle.crl", RootCrl(), IssuingCrl(_pki.Client));
        await using var server = await TestServer.StartAsync(_pki, output, s => s["Ehi:Tls:CrlPaths:0"] = file);

        var answer = await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}");

        Assert.Equal(400, answer.Status);
        Assert.Contains(server.Logs.Lines, l => l.Contains("Request refused (Revoked)", StringComparison.Ordinal) && l.Contains("(CRL 2 of 2)", StringComparison.Ordinal));
        Assert.Contains(server.Host.Report.Crls, c => c.StartsWith(_pki.ProcessorRoot.Certificate.Subject + ": 1 CRL(s)", StringComparison.Ordinal));
        Assert.Contains(server.Host.Report.Crls, c => c.StartsWith(_pki.ProcessorIssuing.Certificate.Subject + ": 1 CRL(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PemWhoseSecondCrlRevokesTheIssuingCa_RefusesEveryClientUnderIt()
    {
        string file = WritePem("bundle.crl", IssuingCrl(), RootCrl(_pki.ProcessorIssuing.Certificate));
        await using var server = await TestServer.StartAsync(_pki, output, s => s["Ehi:Tls:CrlPaths:0"] = file);

        var answer = await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}");

        Assert.Equal(400, answer.Status);
        Assert.Contains(server.Logs.Lines, l => l.Contains("Request refused (Revoked)", StringComparison.Ordinal) && l.Contains(_pki.ProcessorIssuing.Certificate.Subject, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConcatenatedDerCrls_SecondRevokesClient_IsRefused()
    {
        string file = _pki.Path("bundle.der");
        File.WriteAllBytes(file, [.. RootCrl(), .. IssuingCrl(_pki.Client)]);
        await using var server = await TestServer.StartAsync(_pki, output, s => s["Ehi:Tls:CrlPaths:0"] = file);

        var answer = await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}");

        Assert.Equal(400, answer.Status);
    }

    [Fact]
    public async Task CrlUrlServingTwoCrls_SecondRevokesClient_IsRefused()
    {
        byte[] body = System.Text.Encoding.ASCII.GetBytes(Pem(RootCrl()) + Pem(IssuingCrl(_pki.Client)));
        using var listener = new LoopbackHttpServer(_ => body);
        await using var server = await TestServer.StartAsync(_pki, output, s => s["Ehi:Tls:CrlUrls:0"] = listener.BaseUrl + "both.crl");

        var answer = await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}");

        Assert.Equal(400, answer.Status);
        Assert.Contains(server.Logs.Lines, l => l.Contains("CRL fetched from " + listener.BaseUrl, StringComparison.Ordinal) && l.Contains(_pki.ProcessorRoot.Certificate.Subject, StringComparison.Ordinal));
        Assert.Contains(server.Logs.Lines, l => l.Contains("CRL fetched from " + listener.BaseUrl, StringComparison.Ordinal) && l.Contains(_pki.ProcessorIssuing.Certificate.Subject, StringComparison.Ordinal));
    }

    [Fact]
    public void CrlFileIssuedInTheFuture_StopsTheServerWithASentence()
    {
        var now = DateTimeOffset.UtcNow;
        string file = WritePem("future.crl", _pki.ProcessorIssuing.IssueCrl([], now.AddDays(1), now.AddDays(8), 7));
        var settings = TestServer.DefaultSettings(_pki);
        settings["Ehi:Tls:CrlPaths:0"] = file;

        var error = Assert.Throws<ServerConfigurationException>(() => EhiServerHost.Create(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));

        Assert.Contains(error.Problems, p => p.Contains("in the future; it is not used", StringComparison.Ordinal) && p.Contains(file, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CrlReplacedByOneFromTheFuture_KeepsThePreviousAndLogs()
    {
        // Given a served CRL that revokes the transport certificate
        var now = DateTimeOffset.UtcNow;
        string file = WritePem("issuing.crl", IssuingCrl(_pki.Client));
        await using var server = await TestServer.StartAsync(_pki, output, s => s["Ehi:Tls:CrlPaths:0"] = file);

        // When it is replaced by an empty CRL claiming to be issued tomorrow
        WritePem("issuing.crl", _pki.ProcessorIssuing.IssueCrl([], now.AddDays(1), now.AddDays(8), 9));
        await WaitForAsync(() => server.Logs.Lines.Any(l => l.Contains("in the future", StringComparison.Ordinal)));

        // Then the revocation still holds
        Assert.Equal(400, (await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}")).Status);
    }

    [Fact]
    public async Task KeepAliveConnection_CertificateRevokedWhileOpen_NextRequestGets400AndClose()
    {
        // Given an open keep-alive connection whose certificate was accepted
        string file = WritePem("issuing.crl", IssuingCrl());
        await using var server = await TestServer.StartAsync(_pki, output, s => s["Ehi:Tls:CrlPaths:0"] = file);
        await using var connection = await server.Client(_pki, _pki.Client).OpenAsync();
        Assert.Equal(200, (await connection.SendAsync("POST", "/ehi", "{}")).Status);

        // When the CRL file is replaced by one revoking that certificate
        WritePem("issuing.crl", IssuingCrl(_pki.Client));
        await WaitForAsync(() => server.Logs.Lines.Any(l => l.Contains("TLS material reloaded", StringComparison.Ordinal)));

        // Then the next request on the same connection gets the 400 page and the connection closes
        var answer = await connection.SendAsync("POST", "/ehi", "{}");
        Assert.Equal(400, answer.Status);
        Assert.Contains("The SSL certificate error", answer.Body, StringComparison.Ordinal);
        Assert.True(await connection.IsClosedAsync());
        Assert.Contains(server.Logs.Lines, l => l.Contains("judged again", StringComparison.Ordinal) && l.Contains("Accepted -> Revoked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeepAliveConnection_TrustChangedToExcludeItsRoot_NextRequestGets400()
    {
        await using var server = await TestServer.StartAsync(_pki, output);
        await using var connection = await server.Client(_pki, _pki.Client).OpenAsync();
        Assert.Equal(200, (await connection.SendAsync("POST", "/ehi", "{}")).Status);

        // When the trust file is replaced by another processor's CAs
        using var other = new TestPki();
        File.Copy(other.TrustBundle, _pki.TrustBundle, overwrite: true);
        await WaitForAsync(() => server.Logs.Lines.Any(l => l.Contains("TLS material reloaded", StringComparison.Ordinal)));

        Assert.Equal(400, (await connection.SendAsync("POST", "/ehi", "{}")).Status);
    }

    private byte[] RootCrl(params System.Security.Cryptography.X509Certificates.X509Certificate2[] revoked) =>
        _pki.ProcessorRoot.IssueCrl(revoked, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetInt32(1, 1 << 30));

    private byte[] IssuingCrl(params System.Security.Cryptography.X509Certificates.X509Certificate2[] revoked) =>
        _pki.ProcessorIssuing.IssueCrl(revoked, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetInt32(1, 1 << 30));

    private static string Pem(byte[] der) => new string(PemEncoding.Write("X509 CRL", der)) + "\n";

    private string WritePem(string name, params byte[][] crls)
    {
        string path = _pki.Path(name);
        string temp = path + ".tmp";
        File.WriteAllText(temp, string.Concat(crls.Select(Pem)));
        File.Move(temp, path, overwrite: true);
        return path;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (int i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition(), "the condition did not become true within 10 s");
    }

    public void Dispose() => _pki.Dispose();
}
