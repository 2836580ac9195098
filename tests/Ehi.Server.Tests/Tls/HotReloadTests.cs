using Ehi.Pki.Authority;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Server.Tests.Tls;

public sealed class HotReloadTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestPki _pki = new();

    [Fact]
    public async Task ServerCertificateReplacedOnDisk_NewHandshakesSeeIt_OpenConnectionsKeepWorking()
    {
        // Given a server and a keep-alive connection opened before the change
        await using var server = await TestServer.StartAsync(_pki, output);
        var client = server.Client(_pki, _pki.Client);
        await using var open = await client.OpenAsync();
        Assert.Equal(_pki.Server.SerialNumber, open.ServerCertificate!.SerialNumber);

        // When the certificate and key files are replaced
        using var renewed = _pki.IssueServer(_pki.HostIntermediate);
        _pki.WriteServer("server-fullchain.pem", "server.key", renewed, _pki.HostIntermediate.Certificate);

        // Then a new handshake presents the renewed certificate without a restart
        string? seen = null;
        for (int i = 0; i < 50 && seen != renewed.SerialNumber; i++)
        {
            await Task.Delay(100);
            await using var fresh = await client.OpenAsync();
            seen = fresh.ServerCertificate!.SerialNumber;
        }

        Assert.Equal(renewed.SerialNumber, seen);
        Assert.Contains(server.Logs.Lines, l => l.Contains("TLS material reloaded", StringComparison.Ordinal));

        // And the connection opened before still answers
        var answer = await open.SendAsync("POST", "/ehi", "{}");
        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task BrokenReplacement_KeepsServingPreviousCertificate()
    {
        await using var server = await TestServer.StartAsync(_pki, output);

        // A key that does not match the certificate: the reload must be refused, not half-applied.
        using var other = _pki.IssueServer(_pki.HostIntermediate);
        _pki.WriteServer("unused.pem", "server.key", other);

        for (int i = 0; i < 50 && !server.Logs.Lines.Any(l => l.Contains("still serving the previous one", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100);
        }

        Assert.Contains(server.Logs.Lines, l => l.Contains("does not belong to the certificate", StringComparison.Ordinal));
        var answer = await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}");
        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task TrustBundleReplaced_CertificatesFromTheRemovedCaAreRefused()
    {
        await using var server = await TestServer.StartAsync(_pki, output);
        Assert.Equal(200, (await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}")).Status);

        // When the trust bundle is replaced by another processor's CA
        using var otherRoot = CertificateAuthority.CreateRoot("CN=Other Processor Root, O=ehi tests", KeyKind.EcdsaP256, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        _pki.Write("trust.pem", otherRoot.Certificate);

        int status = 200;
        for (int i = 0; i < 50 && status == 200; i++)
        {
            await Task.Delay(100);
            status = (await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}")).Status;
        }

        Assert.Equal(400, status);
    }

    public void Dispose() => _pki.Dispose();
}
