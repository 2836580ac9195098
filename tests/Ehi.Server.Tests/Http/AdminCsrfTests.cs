using System.Net.Sockets;
using System.Text;
using Ehi.Core.Handling;
using Ehi.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Ehi.Server.Tests.Http;

/// <summary>The admin API on loopback without a token, attacked the way a web page the operator
/// visits would: the requests below are byte for byte what a browser sends for a cross-site form or
/// fetch, a DNS-rebinding page, and a "simple" text/plain POST. None may reach the handler.</summary>
public sealed class AdminCsrfTests(ITestOutputHelper output) : IDisposable
{
    private const string LoadCard = """{"amount":1000000.00}""";
    private readonly TestPki _pki = new();
    private readonly RecordingAdmin _admin = new();

    [Fact]
    public async Task CrossSiteSimplePost_TextPlainWithForeignOrigin_IsRefused()
    {
        await using var server = await StartAsync();

        var answer = await RawAsync(server, "POST", "/cards/107419774/load", LoadCard, host: Own(server), origin: "http://evil.example", contentType: "text/plain;charset=UTF-8", secFetchSite: "cross-site");

        Assert.StartsWith("HTTP/1.1 403", answer, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"ForeignOrigin\"", answer, StringComparison.Ordinal);
        Assert.Empty(_admin.Requests);
        Assert.Contains(server.Logs.Lines, l => l.Contains("Admin request refused (ForeignOrigin)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CrossSiteJsonFetch_WithForeignOrigin_IsRefused()
    {
        // A fetch with application/json needs a CORS preflight; a browser that skips it (or a page on an allowed scheme) still sends Origin.
        await using var server = await StartAsync();

        var answer = await RawAsync(server, "POST", "/cards/107419774/load", LoadCard, host: Own(server), origin: "https://attacker.example:8443", contentType: "application/json");

        Assert.StartsWith("HTTP/1.1 403", answer, StringComparison.Ordinal);
        Assert.Empty(_admin.Requests);
    }

    [Fact]
    public async Task SimplePostWithoutOrigin_TextPlain_IsRefusedAsNotJson()
    {
        // Older browsers and some form posts omit Origin; the body type alone must then stop it.
        await using var server = await StartAsync();

        var answer = await RawAsync(server, "POST", "/cards/107419774/load", LoadCard, host: Own(server), origin: null, contentType: "text/plain");

        Assert.StartsWith("HTTP/1.1 415", answer, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"NotJson\"", answer, StringComparison.Ordinal);
        Assert.Empty(_admin.Requests);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData(null)]
    public async Task FormPostSameOriginHost_NotJson_IsRefused(string? contentType)
    {
        await using var server = await StartAsync();

        var answer = await RawAsync(server, "POST", "/cards/107419774/load", "amount=1000000", host: Own(server), origin: null, contentType: contentType);

        Assert.StartsWith("HTTP/1.1 415", answer, StringComparison.Ordinal);
        Assert.Empty(_admin.Requests);
    }

    [Fact]
    public async Task DnsRebinding_ForeignHostWithMatchingOrigin_IsRefused()
    {
        // The page's name now resolves to 127.0.0.1: Host and Origin both carry the attacker's name.
        await using var server = await StartAsync();
        int port = server.Host.AdminAddress!.Port;

        var answer = await RawAsync(server, "POST", "/cards/107419774/load", LoadCard, host: $"rebind.attacker.example:{port}", origin: $"http://rebind.attacker.example:{port}", contentType: "application/json");

        Assert.StartsWith("HTTP/1.1 403", answer, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"ForeignHost\"", answer, StringComparison.Ordinal);
        Assert.Empty(_admin.Requests);
    }

    [Fact]
    public async Task DnsRebinding_ForeignHostWithoutOrigin_GetIsRefused()
    {
        // Reading balances is as sensitive as loading them.
        await using var server = await StartAsync();

        var answer = await RawAsync(server, "GET", "/cards/107419774", null, host: "rebind.attacker.example", origin: null, contentType: null);

        Assert.StartsWith("HTTP/1.1 403", answer, StringComparison.Ordinal);
        Assert.Empty(_admin.Requests);
    }

    [Fact]
    public async Task MissingHost_IsRefused()
    {
        await using var server = await StartAsync();

        var answer = await RawAsync(server, "GET", "/cards/107419774", null, host: null, origin: null, contentType: null, http10: true);

        Assert.Contains(" 403 ", answer.Split('\n')[0], StringComparison.Ordinal);
        Assert.Empty(_admin.Requests);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task CliLikeJsonRequest_OwnHost_IsServed(string name)
    {
        await using var server = await StartAsync();

        var answer = await RawAsync(server, "POST", "/cards/107419774/load", LoadCard, host: $"{name}:{server.Host.AdminAddress!.Port}", origin: null, contentType: "application/json; charset=utf-8");

        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
        Assert.Single(_admin.Requests);
    }

    [Fact]
    public async Task AllowedOrigin_IsServed()
    {
        await using var server = await StartAsync(s => s["Ehi:Admin:AllowedOrigins:0"] = "http://ops.internal:3000");

        var answer = await RawAsync(server, "POST", "/cards/107419774/load", LoadCard, host: Own(server), origin: "http://ops.internal:3000", contentType: "application/json");

        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
        Assert.Contains(server.Host.Report.Controls, c => c.Contains("browser origins allowed: http://ops.internal:3000 (Ehi:Admin:AllowedOrigins)", StringComparison.Ordinal));
    }

    private static string Own(TestServer server) => $"127.0.0.1:{server.Host.AdminAddress!.Port}";

    private Task<TestServer> StartAsync(Action<Dictionary<string, string?>>? configure = null) =>
        TestServer.StartAsync(_pki, output, s =>
        {
            s["Ehi:Admin:Listen"] = "127.0.0.1:0";
            configure?.Invoke(s);
        }, services => services.AddSingleton<IAdminHandler>(_admin));

    // Raw bytes, so the test controls exactly the headers a browser would send.
    private static async Task<string> RawAsync(TestServer server, string method, string path, string? body, string? host, string? origin, string? contentType, string? secFetchSite = null, bool http10 = false)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.Host.AdminAddress!.Port);
        var stream = tcp.GetStream();
        byte[] payload = Encoding.UTF8.GetBytes(body ?? string.Empty);
        var request = new StringBuilder($"{method} {path} HTTP/1.{(http10 ? 0 : 1)}\r\n");
        if (host is not null)
        {
            request.Append($"Host: {host}\r\n");
        }

        request.Append("User-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36\r\nAccept: */*\r\n");
        if (origin is not null)
        {
            request.Append($"Origin: {origin}\r\nReferer: {origin}/\r\n");
        }

        if (secFetchSite is not null)
        {
            request.Append($"Sec-Fetch-Site: {secFetchSite}\r\nSec-Fetch-Mode: no-cors\r\n");
        }

        if (contentType is not null)
        {
            request.Append($"Content-Type: {contentType}\r\n");
        }

        if (method is "POST" or "PUT")
        {
            request.Append($"Content-Length: {payload.Length}\r\n");
        }

        request.Append("Connection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()));
        await stream.WriteAsync(payload);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    public void Dispose() => _pki.Dispose();

    private sealed class RecordingAdmin : IAdminHandler
    {
        public List<string> Requests { get; } = [];

        public ValueTask<EhiAnswer> HandleAsync(AdminRequest request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add($"{request.Method} {request.Path}");
            }

            return ValueTask.FromResult(new EhiAnswer(200, "application/json", "{}"u8.ToArray()));
        }
    }
}
