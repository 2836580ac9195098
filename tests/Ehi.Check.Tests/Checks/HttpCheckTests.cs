using Ehi.Check.Checks.Chain;
using Ehi.Check.Checks.ClientAuth;
using Ehi.Check.Checks.Http;
using Ehi.Check.Checks.Tls;
using Ehi.Check.Engine;
using Ehi.Check.Findings;
using Ehi.Check.Grading;
using Ehi.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Xunit.Abstractions;

namespace Ehi.Check.Tests.Checks;

public sealed class HttpCheckTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestPki _pki = new();

    [Fact]
    public async Task OwnServer_GuideProbesPass_EveryHostileCertificateIsRefused()
    {
        await using var server = await TestServer.StartAsync(_pki, output);

        var findings = await HttpCheck.RunAsync(new Uri($"https://127.0.0.1:{server.Port}/ehi"), _pki.Client, [_pki.ProcessorIssuing.Certificate], _pki.ProcessorRoot.Certificate.Subject, _pki.ProcessorIssuing.Certificate.Subject, TimeSpan.FromSeconds(5), DateTimeOffset.UtcNow, CancellationToken.None);

        foreach (var f in findings)
        {
            output.WriteLine($"{f.Status} {f.Id}: {f.Text} [{f.Evidence}]");
        }

        Assert.All(findings, f => Assert.True(f.Status == FindingStatus.Pass, $"{f.Id}: {f.Text} [{f.Evidence}]"));
        Assert.Equal(4, findings.Count(f => f.Id.StartsWith("hostile.", StringComparison.Ordinal)));
        Assert.Contains("400 No required SSL certificate was sent", Assert.Single(findings, f => f.Id == "http.no-certificate").Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListenerAcceptingAnyCertificate_FailsEveryHostileCheck_AndHsts()
    {
        // A careless endpoint: asks for a certificate, accepts whatever comes, answers 200, no HSTS.
        await using var listener = await CarelessListener.StartAsync(_pki, ClientCertificateMode.AllowCertificate);

        var findings = (await HttpCheck.RunAsync(new Uri($"https://127.0.0.1:{listener.Port}/ehi"), _pki.Client, null, _pki.ProcessorRoot.Certificate.Subject, _pki.ProcessorIssuing.Certificate.Subject, TimeSpan.FromSeconds(5), DateTimeOffset.UtcNow, CancellationToken.None))
            .ToDictionary(f => f.Id, f => f.Status);

        Assert.Equal(FindingStatus.Fail, findings["http.no-certificate"]);
        Assert.Equal(FindingStatus.Warn, findings["http.hsts"]);
        Assert.Equal(FindingStatus.Fail, findings["hostile.self-signed"]);
        Assert.Equal(FindingStatus.Fail, findings["hostile.lookalike-ca"]);
        Assert.Equal(FindingStatus.Fail, findings["hostile.expired"]);
        Assert.Equal(FindingStatus.Fail, findings["hostile.server-auth-only"]);
    }

    public void Dispose() => _pki.Dispose();
}
