using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Ehi.Testing;

/// <summary>
/// A misconfigured endpoint for the checker to judge: it asks for a client certificate, accepts
/// whatever comes, sends no CA names and no HSTS, and answers 200 "ok" to everything.
/// </summary>
public sealed class CarelessListener : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CarelessListener(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    /// <summary>The loopback port.</summary>
    public int Port { get; }

    /// <summary>Starts it with the test PKI's server certificate on an ephemeral loopback port.</summary>
    public static async Task<CarelessListener> StartAsync(TestPki pki, ClientCertificateMode mode)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = X509CertificateLoader.LoadPkcs12(pki.Server.Export(X509ContentType.Pkcs12), null),
            ClientCertificateMode = mode,
            ClientCertificateValidation = (_, _, _) => true,
        })));
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync("ok"));
        await app.StartAsync().ConfigureAwait(false);
        return new CarelessListener(app, new Uri(app.Urls.First()).Port);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
