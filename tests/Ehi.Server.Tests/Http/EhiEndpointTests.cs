using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Server.Tests.Http;

public sealed class EhiEndpointTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestPki _pki = new();

    [Fact]
    public async Task Get_OnEhiPath_Returns405WithAllow()
    {
        await using var server = await TestServer.StartAsync(_pki, output);

        var answer = await server.Client(_pki, _pki.Client).SendAsync("GET", "/ehi");

        Assert.Equal(405, answer.Status);
        Assert.Equal("POST", answer.Header("Allow"));
        Assert.Equal("max-age=31536000", answer.Header("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Post_OtherPath_Returns404()
    {
        await using var server = await TestServer.StartAsync(_pki, output);

        var answer = await server.Client(_pki, _pki.Client).PostAsync("/other", "{}");

        Assert.Equal(404, answer.Status);
    }

    [Fact]
    public async Task Post_MalformedJson_Returns400WithReason()
    {
        await using var server = await TestServer.StartAsync(_pki, output);

        var answer = await server.Client(_pki, _pki.Client).PostAsync("/ehi", """{"foo": """);

        Assert.Equal(400, answer.Status);
        Assert.StartsWith("""{"error":"The body is not valid JSON""", answer.Body, StringComparison.Ordinal);
        Assert.Contains(server.Logs.Lines, l => l.Contains("EHI message rejected with 400", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Post_BodyOverLimit_Returns400ProblemDocument()
    {
        await using var server = await TestServer.StartAsync(_pki, output, s => s["Ehi:MaxBodyBytes"] = "2048");

        var answer = await server.Client(_pki, _pki.Client).PostAsync("/ehi", "\"" + new string('x', 4096) + "\"");

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.Header("Content-Type"));
        Assert.Contains("urn:ehi:problem:body-too-large", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Response_HasNoServerHeader()
    {
        await using var server = await TestServer.StartAsync(_pki, output);

        var answer = await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}");

        Assert.Null(answer.Header("Server"));
    }

    public void Dispose() => _pki.Dispose();
}
