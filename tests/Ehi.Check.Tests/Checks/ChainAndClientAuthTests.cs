using System.Security.Authentication;
using Ehi.Check.Checks.Chain;
using Ehi.Check.Checks.ClientAuth;
using Ehi.Check.Checks.Http;
using Ehi.Check.Checks.Tls;
using Ehi.Check.Connectivity;
using Ehi.Check.Engine;
using Ehi.Check.Findings;
using Ehi.Check.Grading;
using Ehi.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Xunit.Abstractions;

namespace Ehi.Check.Tests.Checks;

/// <summary>The chain and client-auth checks against the project's own server, configured right and wrong.</summary>
public sealed class ChainAndClientAuthTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestPki _pki = new();

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task CorrectServer_ChainPasses_AndBothProcessorCasAreListed(SslProtocols protocol)
    {
        await using var server = await TestServer.StartAsync(_pki, output);

        var view = await ServerView.ObserveAsync("127.0.0.1", server.Port, "localhost", null, protocol, TimeSpan.FromSeconds(5), CancellationToken.None);
        var chain = ChainCheck.Run(view, [_pki.HostRoot.Certificate], "localhost", DateTimeOffset.UtcNow);
        var auth = ClientAuthCheck.Run(view, [_pki.ProcessorRoot.Certificate.Subject, _pki.ProcessorIssuing.Certificate.Subject]);

        Assert.All(chain.Where(f => f.Status != FindingStatus.Info), f => Assert.True(f.Status == FindingStatus.Pass, $"{f.Id}: {f.Text} {f.Evidence}"));
        Assert.Contains("depth=2 CN=Test Host Root CA, O=ehi tests verify return:1", Find(chain, "chain.trust").Evidence, StringComparison.Ordinal);
        Assert.All(auth, f => Assert.Equal(FindingStatus.Pass, f.Status));
    }

    [Fact]
    public async Task LeafOnlyServer_FailsIntermediatesAndTrust()
    {
        _pki.WriteServer("leaf-only.pem", "leaf-only.key", _pki.Server);
        await using var server = await TestServer.StartAsync(_pki, output, s =>
        {
            s["Ehi:Tls:CertificatePath"] = _pki.Path("leaf-only.pem");
            s["Ehi:Tls:KeyPath"] = _pki.Path("leaf-only.key");
        });

        var view = await ServerView.ObserveAsync("127.0.0.1", server.Port, "localhost", null, SslProtocols.Tls12, TimeSpan.FromSeconds(5), CancellationToken.None);
        var chain = ChainCheck.Run(view, [_pki.HostRoot.Certificate], "localhost", DateTimeOffset.UtcNow);

        Assert.Equal(FindingStatus.Fail, Find(chain, "chain.intermediates").Status);
        Assert.Equal(FindingStatus.Fail, Find(chain, "chain.trust").Status);
    }

    [Fact]
    public async Task WrongName_FailsHostname()
    {
        await using var server = await TestServer.StartAsync(_pki, output);

        var view = await ServerView.ObserveAsync("127.0.0.1", server.Port, "ehi.example.com", null, SslProtocols.Tls12, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(FindingStatus.Fail, Find(ChainCheck.Run(view, [_pki.HostRoot.Certificate], "ehi.example.com", DateTimeOffset.UtcNow), "chain.hostname").Status);
    }

    [Fact]
    public async Task ServerTrustingAnotherProcessor_FailsCaNames()
    {
        await using var server = await TestServer.StartAsync(_pki, output);
        using var other = new TestPki();

        var view = await ServerView.ObserveAsync("127.0.0.1", server.Port, "localhost", null, SslProtocols.Tls13, TimeSpan.FromSeconds(5), CancellationToken.None);
        var auth = ClientAuthCheck.Run(view, [other.ProcessorRoot.Certificate.Subject.Replace("Test Processor Root CA", "Thredd Root CA", StringComparison.Ordinal)]);

        var names = Find(auth, "mtls.ca-names");
        Assert.Equal(FindingStatus.Fail, names.Status);
        Assert.Contains("missing: CN=Thredd Root CA", names.Evidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task ServerRequiringACertificateWithoutCaNames_Warns_AndOpensslSeesNoNamesEither(SslProtocols protocol)
    {
        // The guide's "no CA names" case: a certificate is required, but the CertificateRequest carries no trust list.
        await using var listener = await CarelessListener.StartAsync(_pki, ClientCertificateMode.RequireCertificate);
        int port = listener.Port;

        var view = await ServerView.ObserveAsync("127.0.0.1", port, "localhost", null, protocol, TimeSpan.FromSeconds(5), CancellationToken.None);
        var auth = ClientAuthCheck.Run(view, [_pki.ProcessorRoot.Certificate.Subject, _pki.ProcessorIssuing.Certificate.Subject]);

        Assert.Equal(FindingStatus.Pass, Find(auth, "mtls.client-auth").Status);
        Assert.Equal(FindingStatus.Warn, Find(auth, "mtls.ca-names").Status);
        var openssl = await ExternalTool.RunAsync("openssl", ["s_client", "-connect", $"127.0.0.1:{port}", protocol == SslProtocols.Tls13 ? "-tls1_3" : "-tls1_2"], string.Empty);
        Assert.Contains("No client certificate CA names sent", openssl.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingListening_IsATargetError()
    {
        int port = LoopbackHttpServer.FreePort();

        await Assert.ThrowsAsync<CheckTargetException>(() => ServerView.ObserveAsync("127.0.0.1", port, "localhost", null, SslProtocols.Tls12, TimeSpan.FromSeconds(2), CancellationToken.None));
    }

    private static Finding Find(IReadOnlyList<Finding> findings, string id) => Assert.Single(findings, f => f.Id == id);

    public void Dispose() => _pki.Dispose();
}
