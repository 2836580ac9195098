using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Ehi.Testing;

/// <summary>A raw HTTP/1.1-over-TLS client for tests: the test controls exactly which certificate,
/// protocol and suites are offered, and sees how the server closes the connection.</summary>
public sealed class MtlsClient
{
    public required int Port { get; init; }

    /// <summary>The root the server chain must verify against; null skips server verification.</summary>
    public X509Certificate2? ServerRoot { get; init; }

    /// <summary>The client certificate (with key) to send unconditionally, or null for none.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>Extra certificates sent after the client leaf.</summary>
    public X509Certificate2[] ChainExtras { get; init; } = [];

    public SslProtocols Protocols { get; init; } = SslProtocols.None;

    public TlsCipherSuite[]? CipherSuites { get; init; }

    public string Host { get; init; } = "localhost";

    public string Address { get; init; } = "127.0.0.1";

    /// <summary>The local address to connect from (another loopback address, such as 127.0.0.2), or null for any.</summary>
    public string? LocalAddress { get; init; }

    /// <summary>Bytes written before the TLS handshake, such as a load balancer's PROXY protocol header.</summary>
    public byte[]? Preamble { get; init; }

    /// <summary>Opens one TLS connection; requests on it reuse it (keep-alive).</summary>
    public async Task<MtlsConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var tcp = LocalAddress is null ? new TcpClient() : new TcpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Parse(LocalAddress), 0));
        // As a real client would: no Nagle delay on small writes.
        tcp.NoDelay = true;
        await tcp.ConnectAsync(Address, Port, cancellationToken);
        if (Preamble is not null)
        {
            await tcp.GetStream().WriteAsync(Preamble, cancellationToken);
        }

        var ssl = new SslStream(tcp.GetStream());
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = Host,
            EnabledSslProtocols = Protocols,
            RemoteCertificateValidationCallback = (_, certificate, chain, _) => ServerRoot is null || VerifyServer(certificate, chain),
        };
        if (CipherSuites is not null)
        {
            options.CipherSuitesPolicy = new CipherSuitesPolicy(CipherSuites);
        }

        if (Certificate is not null)
        {
            // A certificate context is sent as it is, whatever CA names the server lists.
            options.ClientCertificateContext = SslStreamCertificateContext.Create(Certificate, new X509Certificate2Collection(ChainExtras), offline: true);
        }

        try
        {
            await ssl.AuthenticateAsClientAsync(options, cancellationToken);
        }
        catch
        {
            await ssl.DisposeAsync();
            tcp.Dispose();
            throw;
        }

        return new MtlsConnection(tcp, ssl, Host, Port);
    }

    /// <summary>One request on a new connection; reports whether the server then closed it.</summary>
    public async Task<HttpAnswer> SendAsync(string method, string path, string? body = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var answer = await connection.SendAsync(method, path, body, cancellationToken);
        return answer with { ClosedByServer = await connection.IsClosedAsync(cancellationToken) };
    }

    public Task<HttpAnswer> PostAsync(string path, string body, CancellationToken cancellationToken = default) => SendAsync("POST", path, body, cancellationToken);

    private bool VerifyServer(X509Certificate? certificate, X509Chain? sent)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ServerRoot!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (sent is not null)
        {
            // The intermediates the server sent: the test fails if the server leaves them out.
            chain.ChainPolicy.ExtraStore.AddRange(sent.ChainPolicy.ExtraStore);
        }

        return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
