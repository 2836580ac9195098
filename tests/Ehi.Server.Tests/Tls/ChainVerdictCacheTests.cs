using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ehi.Server.Configuration;
using Ehi.Server.Tls;
using Ehi.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Ehi.Server.Tests.Tls;

/// <summary>The client chain verdict cache (issue 11): the same transport certificate on every new
/// connection is built and judged once, and never accepted past what the judgement rested on: a
/// revocation (new CRL), a trust change, or the end of a certificate's validity.</summary>
public sealed class ChainVerdictCacheTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestPki _pki = new();

    [Fact]
    public async Task RepeatedHandshakes_SameCertificate_JudgedOnceThenFromTheCache()
    {
        // Given a server with a CRL in force
        string crl = WriteCrl();
        await using var server = await TestServer.StartAsync(_pki, output, s => s["Ehi:Tls:CrlPaths:0"] = crl);
        var validator = server.Host.Services.GetRequiredService<ClientCertificateValidator>();

        // When the same certificate comes on five new connections
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(200, (await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}")).Status);
        }

        // Then its chain was judged once and taken from the cache four times
        Assert.Equal((1, 4), (validator.CacheMisses, validator.CacheHits));

        // And another certificate is judged on its own
        using var other = _pki.IssueClient();
        Assert.Equal(200, (await server.Client(_pki, other).PostAsync("/ehi", "{}")).Status);
        Assert.Equal((2, 4), (validator.CacheMisses, validator.CacheHits));
    }

    [Fact]
    public async Task CachedCertificate_RevokedAndCrlReloaded_NextHandshakeRefused()
    {
        // Given a certificate accepted twice (the second time from the cache)
        string crl = WriteCrl();
        await using var server = await TestServer.StartAsync(_pki, output, s => s["Ehi:Tls:CrlPaths:0"] = crl);
        var validator = server.Host.Services.GetRequiredService<ClientCertificateValidator>();
        Assert.Equal(200, (await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}")).Status);
        Assert.Equal(200, (await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}")).Status);
        Assert.Equal(1, validator.CacheHits);

        // When the CRL file is replaced by one revoking it and the server reloads it
        WriteCrl(_pki.Client);
        await WaitForAsync(() => server.Logs.Lines.Any(l => l.Contains("TLS material reloaded", StringComparison.Ordinal)));

        // Then the next handshake is judged again, and refused
        var answer = await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}");
        Assert.Equal(400, answer.Status);
        Assert.Contains(server.Logs.Lines, l => l.Contains("Request refused (Revoked)", StringComparison.Ordinal));
        Assert.Equal(1, validator.CacheHits);
    }

    [Fact]
    public void CachedAcceptance_PastTheCertificatesNotAfter_IsExpired()
    {
        // Given a certificate valid for one more hour, accepted and then found in the cache
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        using var leaf = _pki.IssueClient(p => p with { NotAfter = clock.GetUtcNow().AddHours(1) });
        var options = new TlsOptions { CertificatePath = _pki.ServerChainFile, KeyPath = _pki.ServerKeyFile, TrustPaths = [_pki.TrustBundle] };
        var material = TlsMaterial.Load(options, clock.GetUtcNow(), new List<string>(), new List<string>())!;
        var validator = new ClientCertificateValidator(new DownloadedCrls(), clock, options);
        Assert.Equal(ClientCertificateOutcome.Accepted, validator.Validate(leaf, null, material).Outcome);
        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(ClientCertificateOutcome.Accepted, validator.Validate(leaf, null, material).Outcome);
        Assert.Equal((1, 1), (validator.CacheMisses, validator.CacheHits));

        // When the clock passes its notAfter
        clock.Advance(TimeSpan.FromMinutes(2));

        // Then it is judged again, and refused as expired
        Assert.Equal(ClientCertificateOutcome.Expired, validator.Validate(leaf, null, material).Outcome);
        Assert.Equal((2, 1), (validator.CacheMisses, validator.CacheHits));
    }

    [Fact]
    public void SameLeaf_OtherIntermediatesSent_IsNotTheCachedChain()
    {
        // Given an acceptance of a leaf sent alone
        var options = new TlsOptions { CertificatePath = _pki.ServerChainFile, KeyPath = _pki.ServerKeyFile, TrustPaths = [_pki.TrustBundle] };
        var material = TlsMaterial.Load(options, DateTimeOffset.UtcNow, new List<string>(), new List<string>())!;
        var validator = new ClientCertificateValidator(new DownloadedCrls(), TimeProvider.System, options);
        Assert.Equal(ClientCertificateOutcome.Accepted, validator.Revalidate(_pki.Client, [], material).Outcome);

        // When the same leaf comes with an intermediate, and again alone
        validator.Revalidate(_pki.Client, [_pki.ProcessorIssuing.Certificate], material);
        validator.Revalidate(_pki.Client, [], material);

        // Then the first is a chain of its own, the second the cached one
        Assert.Equal((2, 1), (validator.CacheMisses, validator.CacheHits));
    }

    public void Dispose() => _pki.Dispose();

    private string WriteCrl(params X509Certificate2[] revoked)
    {
        byte[] der = _pki.ProcessorIssuing.IssueCrl(revoked, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetInt32(1, 1 << 30));
        string path = _pki.Path("issuing.crl");
        File.WriteAllText(path + ".tmp", new string(PemEncoding.Write("X509 CRL", der)) + "\n");
        File.Move(path + ".tmp", path, overwrite: true);
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

    /// <summary>A clock the test moves.</summary>
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
