using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Server.Tests.Tls;

public sealed class RevocationRefreshTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestPki _pki = new();

    [Fact]
    public async Task CrlUrl_RevocationPublishedLater_IsPickedUpByTheBackgroundRefresh()
    {
        // Given a CRL distribution point on loopback that first revokes nothing
        byte[] crl = File.ReadAllBytes(_pki.WriteCrl("empty.crl", _pki.ProcessorIssuing, DateTimeOffset.UtcNow.AddDays(7)));
        using var listener = new LoopbackHttpServer(_ => crl);
        string url = listener.BaseUrl + "issuer.crl";
        await using var server = await TestServer.StartAsync(_pki, output, s =>
        {
            s["Ehi:Tls:CrlUrls:0"] = url;
            s["Ehi:Tls:CrlRefreshInterval"] = "00:00:00.300";
        });
        Assert.Equal(200, (await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}")).Status);

        // When the CA publishes a CRL revoking the transport certificate
        crl = File.ReadAllBytes(_pki.WriteCrl("revoking.crl", _pki.ProcessorIssuing, DateTimeOffset.UtcNow.AddDays(7), _pki.Client));

        // Then, after a refresh (never during a handshake), the certificate is refused
        int status = 200;
        for (int i = 0; i < 50 && status == 200; i++)
        {
            await Task.Delay(100);
            status = (await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}")).Status;
        }

        Assert.Equal(400, status);
        Assert.Contains(server.Logs.Lines, l => l.Contains("CRL fetched from " + url, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-tls1_2")]
    [InlineData("-tls1_3")]
    public async Task ResumedSession_CertificateRevokedSince_IsRefused(string protocol)
    {
        // Given a session established with a valid transport certificate
        byte[] crl = File.ReadAllBytes(_pki.WriteCrl("empty.crl", _pki.ProcessorIssuing, DateTimeOffset.UtcNow.AddDays(7)));
        using var listener = new LoopbackHttpServer(_ => crl);
        string url = listener.BaseUrl + "issuer.crl";
        await using var server = await TestServer.StartAsync(_pki, output, s =>
        {
            s["Ehi:Tls:CrlUrls:0"] = url;
            s["Ehi:Tls:CrlRefreshInterval"] = "00:00:00.200";
        });
        string session = _pki.Path("session.pem");
        var first = await RequestAsync(server.Port, protocol, "-sess_out", session);
        Assert.Contains("HTTP/1.1 200 OK", first.All, StringComparison.Ordinal);

        // When the certificate is revoked and the client resumes its session
        crl = File.ReadAllBytes(_pki.WriteCrl("revoking.crl", _pki.ProcessorIssuing, DateTimeOffset.UtcNow.AddDays(7), _pki.Client));
        for (int i = 0; i < 50 && !server.Logs.Lines.Any(l => l.Contains("1 revoked", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100);
        }

        var resumed = File.Exists(session) ? await RequestAsync(server.Port, protocol, "-sess_in", session) : await RequestAsync(server.Port, protocol);

        // Then the resumption attempt does not skip the checks. (The server offers resumption only
        // when its SSL_CTX is cached, which .NET skips while a cipher suite policy is set; either
        // way the request on the new connection must be judged on the current CRL.)
        Assert.Matches("(New|Reused), TLSv1", resumed.All);
        Assert.Contains("HTTP/1.1 400 Bad Request", resumed.All, StringComparison.Ordinal);
        Assert.Contains("The SSL certificate error", resumed.All, StringComparison.Ordinal);
    }

    private async Task<ExternalTool.Result> RequestAsync(int port, string protocol, params string[] session)
    {
        string[] args = ["s_client", "-connect", $"127.0.0.1:{port}", protocol, "-cert", _pki.ClientCertFile, "-key", _pki.ClientKeyFile, "-ign_eof", .. session];
        var result = await ExternalTool.RunAsync("openssl", args, "POST /ehi HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        output.WriteLine(result.All);
        return result;
    }

    [Fact]
    public async Task CrlUrl_Unreachable_LogsAndKeepsServing()
    {
        int closedPort = LoopbackHttpServer.FreePort();
        await using var server = await TestServer.StartAsync(_pki, output, s => s["Ehi:Tls:CrlUrls:0"] = $"http://127.0.0.1:{closedPort}/issuer.crl");

        Assert.Equal(200, (await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}")).Status);
        Assert.Contains(server.Logs.Lines, l => l.Contains("CRL fetch from", StringComparison.Ordinal) && l.Contains("failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CrlUrl_FailingAtFirst_IsRetriedWithBackoff_NotAfterAWholeInterval()
    {
        // Given a distribution point that fails five times (at start, then four retries), then serves the CRL, and an hourly refresh
        byte[] crl = File.ReadAllBytes(_pki.WriteCrl("revoking.crl", _pki.ProcessorIssuing, DateTimeOffset.UtcNow.AddDays(7), _pki.Client));
        int attempts = 0;
        using var listener = new LoopbackHttpServer(_ => Interlocked.Increment(ref attempts) > 5 ? crl : null);
        string url = listener.BaseUrl + "issuer.crl";
        await using var server = await TestServer.StartAsync(_pki, output, s =>
        {
            s["Ehi:Tls:CrlUrls:0"] = url;
            s["Ehi:Tls:CrlRefreshInterval"] = "01:00:00";
            s["Ehi:Tls:CrlRetryDelay"] = "00:00:00.200";
        });

        // When the retries run, then the CRL is in force within seconds, not an hour
        for (int i = 0; i < 200 && !server.Logs.Lines.Any(l => l.Contains("CRL fetched from " + url, StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100);
        }

        Assert.Contains(server.Logs.Lines, l => l.Contains("CRL fetched from " + url, StringComparison.Ordinal));
        Assert.Equal(400, (await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}")).Status);
        Assert.Equal(6, Volatile.Read(ref attempts));

        // And the retries backed off: exponential from 200 ms with decorrelated jitter, where one wait
        // may be shorter than the one before but the four together always reach at least 8 x 200 / 1.4 ms
        // (fixed 200 ms waits would add up to 800 ms)
        var delays = server.Logs.Lines
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, $@"CRL fetch from {System.Text.RegularExpressions.Regex.Escape(url)}: retry (\d) in ([\d:.]+)"))
            .Where(m => m.Success)
            .ToDictionary(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m => TimeSpan.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        output.WriteLine(string.Join(", ", delays.Select(d => $"retry {d.Key}: {d.Value.TotalMilliseconds:0} ms")));
        Assert.Equal([1, 2, 3, 4], delays.Keys.Order());
        Assert.True(delays.Values.Sum(d => d.TotalMilliseconds) >= 1_100, "the retries did not back off");
    }

    [Theory]
    [InlineData(3600, 10, 7 * 24 * 3600, 3600)] // a CRL for a week: the hourly refresh
    [InlineData(3600, 10, 1200, 600)] // nextUpdate in 20 minutes: halfway, 10 minutes
    [InlineData(3600, 10, 8, 10)] // nextUpdate in 8 s: not sooner than the retry delay
    [InlineData(5, 10, 8, 5)] // never later than the interval
    public void NextRefresh_IsTheIntervalOrHalfwayToNextUpdate(int interval, int retry, int untilNextUpdate, int expected)
    {
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(TimeSpan.FromSeconds(expected), Ehi.Server.Tls.CrlRefresher.NextRefresh(TimeSpan.FromSeconds(interval), TimeSpan.FromSeconds(retry), now, now.AddSeconds(untilNextUpdate)));
    }

    public void Dispose() => _pki.Dispose();
}
