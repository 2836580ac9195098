using System.Net;
using System.Text.Json;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Server.Tests.Http;

/// <summary>/metrics, /healthz and /readyz on the admin listener, scraped after traffic that should move them.</summary>
public sealed class MetricsAndHealthTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestPki _pki = new();

    [Fact]
    public async Task Metrics_AfterRefusedAndAcceptedRequests_CountRefusalsByReason_AndShowTheBuiltInAndCertificateMeters()
    {
        // Given a server with a CRL, its admin listener on an ephemeral port
        string crl = _pki.WriteCrl("issuing.crl", _pki.ProcessorIssuing, DateTimeOffset.UtcNow.AddDays(7));
        await using var server = await TestServer.StartAsync(_pki, output, s =>
        {
            s["Ehi:Admin:Listen"] = "127.0.0.1:0";
            s["Ehi:Tls:CrlPaths:0"] = crl;
        });
        var admin = server.Host.AdminAddress!;

        // When one request comes without a certificate, two with a self-signed one, one with Thredd's
        Assert.Equal(400, (await server.Client(_pki, null).PostAsync("/ehi", "{}")).Status);
        using var selfSigned = TestPki.SelfSignedClient();
        Assert.Equal(400, (await server.Client(_pki, selfSigned).PostAsync("/ehi", "{}")).Status);
        Assert.Equal(400, (await server.Client(_pki, selfSigned).PostAsync("/ehi", "{}")).Status);
        Assert.Equal(200, (await server.Client(_pki, _pki.Client).PostAsync("/ehi", """{"foo": "bar"}""")).Status);

        // Then the scrape counts each refusal under its reason
        var scrape = await PrometheusScrape.FetchAsync(admin);
        output.WriteLine(scrape.Text);
        Assert.Equal(1, scrape.Value("ehi_client_certificate_refusals_total", ("ehi_refusal_reason", "no_certificate")));
        Assert.Equal(2, scrape.Value("ehi_client_certificate_refusals_total", ("ehi_refusal_reason", "untrusted")));

        // And the certificates' and the CRL's remaining life, in seconds
        double serverExpiry = scrape.Value("ehi_certificate_time_to_expiry_seconds", ("ehi_certificate_role", "server"))!.Value;
        Assert.InRange(serverExpiry, (_pki.Server.NotAfter.ToUniversalTime() - DateTime.UtcNow).TotalSeconds - 120, (_pki.Server.NotAfter.ToUniversalTime() - DateTime.UtcNow).TotalSeconds + 5);
        Assert.Equal(2, scrape.Series("ehi_certificate_time_to_expiry_seconds").Count(l => l["ehi_certificate_role"] == "trusted_ca"));
        Assert.InRange(scrape.Value("ehi_crl_time_to_next_update_seconds", ("ehi_crl_source", crl))!.Value, TimeSpan.FromDays(7).TotalSeconds - 300, TimeSpan.FromDays(7).TotalSeconds);
        Assert.InRange(scrape.Value("ehi_crl_age_seconds", ("ehi_crl_source", crl))!.Value, 0, TimeSpan.FromMinutes(15).TotalSeconds);

        // And ASP.NET Core's, Kestrel's and the runtime's own meters
        Assert.True(scrape.Value("http_server_request_duration_seconds_count", ("url_scheme", "https"), ("http_response_status_code", "400")) >= 3);
        Assert.True(scrape.Value("kestrel_tls_handshake_duration_seconds_count") >= 4);
        Assert.True(scrape.Has("kestrel_active_connections"));
        Assert.True(scrape.Has("kestrel_connection_duration_seconds_bucket"));
        Assert.True(scrape.Has("dotnet_gc_collections_total"));
        Assert.True(scrape.Has("dotnet_thread_pool_thread_count"));
    }

    [Fact]
    public async Task Metrics_AreNotServedOnTheMtlsPort()
    {
        await using var server = await TestServer.StartAsync(_pki, output, s => s["Ehi:Admin:Listen"] = "127.0.0.1:0");
        var onMtls = await server.Client(_pki, _pki.Client).SendAsync("GET", "/metrics");
        Assert.Equal(404, onMtls.Status);
        Assert.DoesNotContain("# TYPE", onMtls.Body, StringComparison.Ordinal);
        foreach (string path in new[] { "/healthz", "/readyz", "/", "/status.json" })
        {
            Assert.Equal(404, (await server.Client(_pki, _pki.Client).SendAsync("GET", path)).Status);
        }
    }

    [Fact]
    public async Task Metrics_AllowListRefusalAndPinMismatch_AreCounted()
    {
        // Given a server that pins a key no client has, and one that allows only another address
        await using var pinned = await TestServer.StartAsync(_pki, output, s =>
        {
            s["Ehi:Admin:Listen"] = "127.0.0.1:0";
            s["Ehi:Tls:Pins:0"] = Convert.ToBase64String(new byte[32]);
        });
        await using var fenced = await TestServer.StartAsync(_pki, output, s =>
        {
            s["Ehi:Admin:Listen"] = "127.0.0.1:0";
            s["Ehi:AllowIps:0"] = "192.0.2.1";
        });

        // When Thredd's certificate meets the pin, and loopback meets the allow list
        Assert.Equal(403, (await pinned.Client(_pki, _pki.Client).PostAsync("/ehi", "{}")).Status);
        await Assert.ThrowsAnyAsync<Exception>(() => fenced.Client(_pki, _pki.Client).PostAsync("/ehi", "{}"));

        // Then each is counted
        var pins = await PrometheusScrape.FetchAsync(pinned.Host.AdminAddress!);
        Assert.Equal(1, pins.Value("ehi_pin_refusals_total"));
        Assert.Equal(1, pins.Value("ehi_client_certificate_refusals_total", ("ehi_refusal_reason", "pin_mismatch")));
        var fence = await PrometheusScrape.FetchAsync(fenced.Host.AdminAddress!);
        Assert.Equal(1, fence.Value("ehi_allow_list_refusals_total"));
    }

    [Fact]
    public async Task Readyz_GoesNotReadyWhenTheCrlGoesStale_AndBackWhenAFreshOneIsInstalled()
    {
        // Given a CRL that goes stale in a few seconds, under the default Refuse policy
        // (long enough for a server start on a loaded machine: the readiness before it goes stale is asserted too)
        var staleAt = DateTimeOffset.UtcNow.AddSeconds(10);
        string crl = _pki.WriteCrl("issuing.crl", _pki.ProcessorIssuing, staleAt);
        await using var server = await TestServer.StartAsync(_pki, output, s =>
        {
            s["Ehi:Admin:Listen"] = "127.0.0.1:0";
            s["Ehi:Tls:CrlPaths:0"] = crl;
        });
        using var http = new HttpClient { BaseAddress = server.Host.AdminAddress };

        // Then it is ready (and alive) while the CRL is current, with a warning that it is about to go stale
        var (status, body) = await GetAsync(http, "/readyz");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.Equal("warning", Check(body, "crl").GetProperty("status").GetString());
        Assert.Contains("the next to go stale is", Check(body, "crl").GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("alive", (await GetAsync(http, "/healthz")).Body.GetProperty("status").GetString());

        // When the CRL passes its nextUpdate, /readyz is 503 and names the CRL check; /healthz stays 200
        await Task.Delay(staleAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));
        (status, body) = await GetAsync(http, "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("not ready", body.GetProperty("status").GetString());
        Assert.Equal("failing", Check(body, "crl").GetProperty("status").GetString());
        Assert.Contains("stale", Check(body, "crl").GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("ok", Check(body, "tls").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, "/healthz")).Status);
        var scrape = await PrometheusScrape.FetchAsync(server.Host.AdminAddress!);
        Assert.True(scrape.Value("ehi_crl_time_to_next_update_seconds") < 0);

        // When a fresh CRL replaces the file, readiness comes back (hot reload)
        _pki.WriteCrl("issuing.crl", _pki.ProcessorIssuing, DateTimeOffset.UtcNow.AddDays(7));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        do
        {
            await Task.Delay(300);
            (status, _) = await GetAsync(http, "/readyz");
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", Check((await GetAsync(http, "/readyz")).Body, "crl").GetProperty("status").GetString());
    }

    [Fact]
    public async Task AdminToken_ProtectsMetricsAndStatus_ButNotTheProbes()
    {
        await using var server = await TestServer.StartAsync(_pki, output, s =>
        {
            s["Ehi:Admin:Listen"] = "127.0.0.1:0";
            s["Ehi:Admin:Token"] = "s3cret-token";
        });
        using var http = new HttpClient { BaseAddress = server.Host.AdminAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/status.json", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
        Assert.True((await PrometheusScrape.FetchAsync(server.Host.AdminAddress!, "s3cret-token")).Has("ehi_certificate_time_to_expiry_seconds"));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static JsonElement Check(JsonElement body, string name) =>
        body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public void Dispose() => _pki.Dispose();
}
