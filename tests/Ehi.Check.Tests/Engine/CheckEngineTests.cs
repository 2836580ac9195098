using Ehi.Check.Checks.Chain;
using Ehi.Check.Checks.ClientRenegotiation;
using Ehi.Check.Engine;
using Ehi.Check.Findings;
using Ehi.Check.Grading;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Check.Tests.Engine;

/// <summary>The engine keeps its report whatever a check does, against the real ehi server.</summary>
public sealed class CheckEngineTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TestPki _pki = new();
    private TestServer? _server;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(_pki, output);

    [Fact]
    public async Task ThrowingAndHangingChecks_BecomeErrorFindings_TheRestOfTheReportComesOut()
    {
        // Given a registry with a check that throws and one that hangs, ignoring its token, between real checks
        var engine = new CheckEngine(new CheckRegistry([new ChainCheck(), new Throwing(), new Hanging(), new ClientRenegotiationCheck()]), TimeProvider.System);

        // When the engine runs with a short per-check limit
        var report = await engine.RunChecksAsync(Options() with { CheckTimeout = TimeSpan.FromSeconds(2) }, GradeLetter.A, CancellationToken.None);

        // Then each bad check is one ERROR finding with its reason, and the other checks' findings are all there
        var thrown = Assert.Single(report.Findings, f => f.Id == "broken.error");
        Assert.Equal(FindingStatus.Error, thrown.Status);
        Assert.Contains("the probe blew up", thrown.Text, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException", thrown.Evidence, StringComparison.Ordinal);
        var hung = Assert.Single(report.Findings, f => f.Id == "stuck.error");
        Assert.Contains("did not finish within 2 s", hung.Text, StringComparison.Ordinal);
        Assert.Contains(report.Findings, f => f.Id == "chain.trust" && f.Status == FindingStatus.Pass);
        Assert.Contains(report.Findings, f => f.Id == "tls.client-renegotiation");
        Assert.False(report.Ready);

        // And without the protocol facts there is no grade, with the reason
        Assert.Null(report.Grade);
        Assert.Contains(report.GradeReasons, r => r.Contains("not graded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Time_ComesFromTheTimeProvider()
    {
        // Given a clock three years ahead: the dev server certificate has expired by then
        var engine = new CheckEngine(new CheckRegistry([new ChainCheck()]), new ShiftedTime(TimeSpan.FromDays(3 * 365)));

        var report = await engine.RunChecksAsync(Options(), GradeLetter.A, CancellationToken.None);

        Assert.Equal(FindingStatus.Fail, Assert.Single(report.Findings, f => f.Id == "chain.validity").Status);
    }

    [Fact]
    public async Task Grader_ReadsTheKeyFromTheTypedFact_NotTheText()
    {
        // Given the real findings of the default registry
        var report = await CheckEngine.RunAsync(Options(), GradeLetter.A, CancellationToken.None);
        var findings = report.Findings.ToList();
        Assert.Equal(GradeLetter.APlus, report.Grade);

        // When only the display text of the key finding changes, the grade does not
        int key = findings.FindIndex(f => f.Id == "chain.key");
        findings[key] = findings[key] with { Text = "a key described in other words" };
        Assert.Equal(GradeLetter.APlus, Grader.Rate(findings).Letter);

        // And when the fact says the key is weak, the score falls
        findings[key] = findings[key] with { Facts = new KeyFact("RSA", 1024, "sha256RSA") };
        Assert.True(Grader.Rate(findings).Score < Grader.Rate(report.Findings).Score);
    }

    public async Task DisposeAsync()
    {
        await _server!.DisposeAsync();
        _pki.Dispose();
    }

    private CheckOptions Options() => new()
    {
        Url = new Uri($"https://localhost:{_server!.Port}/ehi"),
        Roots = [_pki.HostRoot.Certificate],
        ClientCertificate = _pki.Client,
        ClientCertificateFile = _pki.ClientCertFile,
        ClientKeyFile = _pki.ClientKeyFile,
        ExpectedCas = [_pki.ProcessorRoot.Certificate, _pki.ProcessorIssuing.Certificate],
    };

    private sealed class Throwing : ICheck
    {
        public string Id => "broken";

        public string Description => "throws";

        public Task<IReadOnlyList<Finding>> RunAsync(CheckContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the probe blew up");
    }

    private sealed class Hanging : ICheck
    {
        public string Id => "stuck";

        public string Description => "never finishes and ignores its token";

        public async Task<IReadOnlyList<Finding>> RunAsync(CheckContext context, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, CancellationToken.None);
            return [];
        }
    }

    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}
