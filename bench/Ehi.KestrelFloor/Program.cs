using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

// Bare Kestrel with ehi's TLS settings and runtime options and nothing else: the dev PKI's server
// chain, client certificates required and judged against the processor CA bundle only (never the
// system store), a fixed JSON answer after reading the body. What ehi serve costs above this is
// ehi's own work (parsing, journal, ledger, telemetry); what this costs above nginx is .NET's.
if (args.Length != 2 || !int.TryParse(args[0], out int port))
{
    Console.Error.WriteLine("usage: Ehi.KestrelFloor PORT PKI_DIR");
    return 2;
}

string pki = args[1];
using var server = X509Certificate2.CreateFromPemFile(Path.Combine(pki, "server-fullchain.pem"), Path.Combine(pki, "server.key"));
var chain = new X509Certificate2Collection();
chain.ImportFromPemFile(Path.Combine(pki, "server-fullchain.pem"));
var bundle = new X509Certificate2Collection();
bundle.ImportFromPemFile(Path.Combine(pki, "processor-ca-bundle.pem"));
byte[] answer = """{"Responsestatus":"00"}"""u8.ToArray();

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
    {
        SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        ServerCertificate = server,
        ServerCertificateChain = new X509Certificate2Collection(chain.Skip(1).ToArray()),
        ClientCertificateMode = ClientCertificateMode.RequireCertificate,
        ClientCertificateValidation = (certificate, _, _) =>
        {
            using var judge = new X509Chain();
            judge.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            judge.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            foreach (var ca in bundle)
            {
                (ca.SubjectName.RawData.AsSpan().SequenceEqual(ca.IssuerName.RawData) ? judge.ChainPolicy.CustomTrustStore : judge.ChainPolicy.ExtraStore).Add(ca);
            }

            return judge.Build(certificate);
        },
    }).Protocols = HttpProtocols.Http1);
});

var app = builder.Build();
app.Run(async context =>
{
    var body = context.Request.BodyReader;
    while (true)
    {
        var read = await body.ReadAsync(context.RequestAborted);
        body.AdvanceTo(read.Buffer.End);
        if (read.IsCompleted)
        {
            break;
        }
    }

    context.Response.ContentType = "application/json";
    context.Response.ContentLength = answer.Length;
    await context.Response.Body.WriteAsync(answer, context.RequestAborted);
});
await app.RunAsync();
return 0;
