using System.Net;
using System.Net.Http.Headers;
using Ehi.Core.Handling;
using Ehi.Server.Hosting;
using Ehi.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Ehi.Server.Tests.Http;

public sealed class AdminListenerTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestPki _pki = new();

    [Fact]
    public async Task Admin_WithToken_RefusesMissingOrWrongBearer_AndServesTheRightOne()
    {
        await using var server = await TestServer.StartAsync(_pki, output, s =>
        {
            s["Ehi:Admin:Listen"] = "127.0.0.1:0";
            s["Ehi:Admin:Token"] = "s3cret-token";
        }, services => services.AddSingleton<IAdminHandler>(new EchoAdmin()));
        using var http = new HttpClient { BaseAddress = server.Host.AdminAddress };

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("cards/1", UriKind.Relative))).StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("cards/1", UriKind.Relative))).StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-token");
        var answer = await http.GetAsync(new Uri("cards/1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("GET /cards/1", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Admin_IsNeverServedOnTheMtlsPort()
    {
        await using var server = await TestServer.StartAsync(_pki, output, s => s["Ehi:Admin:Listen"] = "127.0.0.1:0", services => services.AddSingleton<IAdminHandler>(new EchoAdmin()));

        var answer = await server.Client(_pki, _pki.Client).SendAsync("GET", "/cards/1");

        Assert.Equal(404, answer.Status);
    }

    [Fact]
    public void Admin_OnANonLoopbackAddressWithoutToken_RefusesToStart()
    {
        var settings = TestServer.DefaultSettings(_pki);
        settings["Ehi:Admin:Listen"] = "0.0.0.0:0";

        var error = Assert.Throws<ServerConfigurationException>(() => EhiServerHost.Create(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));

        Assert.Contains("set Ehi:Admin:Token", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    public void Dispose() => _pki.Dispose();

    private sealed class EchoAdmin : IAdminHandler
    {
        public ValueTask<EhiAnswer> HandleAsync(AdminRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new EhiAnswer(200, "text/plain", System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}")));
    }
}
