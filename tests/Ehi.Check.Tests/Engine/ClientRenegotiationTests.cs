using Ehi.Check.Checks.ClientRenegotiation;
using Ehi.Check.Engine;
using Ehi.Check.Findings;
using Ehi.Check.Grading;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Check.Tests.Engine;

/// <summary>The client-initiated renegotiation probe against a server that accepts it (OpenSSL 3
/// s_server with -client_renegotiation; OpenSSL 3 refuses by default) and servers that refuse it
/// (s_server's default, and ehi itself, which closes the connection).</summary>
public sealed class ClientRenegotiationTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestPki _pki = new();

    [Fact]
    public async Task ServerAllowingClientRenegotiation_IsWarned_FactAccepted()
    {
        using var server = await OpenSslServer.StartAsync(_pki, "-tls1_2", "-client_renegotiation");

        var finding = await ProbeAsync(server.Port, withClientCertificate: false);

        Assert.Equal(FindingStatus.Warn, finding.Status);
        Assert.Equal(new ClientRenegotiationFact(true), finding.Facts);
    }

    [Fact]
    public async Task OpenSslDefault_RefusesClientRenegotiation_Passes()
    {
        using var server = await OpenSslServer.StartAsync(_pki, "-tls1_2");

        var finding = await ProbeAsync(server.Port, withClientCertificate: false);

        Assert.Equal(FindingStatus.Pass, finding.Status);
        Assert.Equal(new ClientRenegotiationFact(false), finding.Facts);
        Assert.Contains("no renegotiation", finding.Evidence, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Ehi_RefusesClientRenegotiation_Passes()
    {
        await using var server = await TestServer.StartAsync(_pki, output);

        var finding = await ProbeAsync(server.Port, withClientCertificate: true);

        Assert.True(finding.Status == FindingStatus.Pass, $"{finding.Status}: {finding.Text} [{finding.Evidence}]");
        Assert.Equal(new ClientRenegotiationFact(false), finding.Facts);
    }

    [Fact]
    public async Task Ehi_WithoutClientCertificate_StillRefuses()
    {
        // ehi completes a TLS 1.2 handshake without a certificate (the refusal is the HTTP 400), so the probe still decides.
        await using var server = await TestServer.StartAsync(_pki, output);

        var finding = await ProbeAsync(server.Port, withClientCertificate: false);

        Assert.Equal(new ClientRenegotiationFact(false), finding.Facts);
        Assert.Contains("closed the connection", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls13OnlyServer_IsUndecidedNotGuessed()
    {
        using var server = await OpenSslServer.StartAsync(_pki, "-tls1_3");

        var finding = await ProbeAsync(server.Port, withClientCertificate: false);

        Assert.Equal(FindingStatus.Info, finding.Status);
        Assert.Equal(new ClientRenegotiationFact(null), finding.Facts);
    }

    public void Dispose() => _pki.Dispose();

    private async Task<Finding> ProbeAsync(int port, bool withClientCertificate)
    {
        var engine = new CheckEngine(new CheckRegistry([new ClientRenegotiationCheck()]), TimeProvider.System);
        var report = await engine.RunChecksAsync(
            new CheckOptions
            {
                Url = new Uri($"https://localhost:{port}/ehi"),
                Roots = [_pki.HostRoot.Certificate],
                ClientCertificate = withClientCertificate ? _pki.Client : null,
                ClientCertificateFile = withClientCertificate ? _pki.ClientCertFile : null,
                ClientKeyFile = withClientCertificate ? _pki.ClientKeyFile : null,
            },
            GradeLetter.A,
            CancellationToken.None);
        var finding = Assert.Single(report.Findings);
        output.WriteLine($"{finding.Status} {finding.Id}: {finding.Text} [{finding.Evidence}]");
        return finding;
    }
}
