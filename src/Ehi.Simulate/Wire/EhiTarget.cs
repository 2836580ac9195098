using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Ehi.Simulate.Wire;

/// <summary>The endpoint under test and Thredd's side of the mTLS: the transport certificate to
/// present and the roots that must verify the server's chain (never the system store unless none given).</summary>
public sealed class EhiTarget
{
    /// <summary>Creates a target.</summary>
    public EhiTarget(Uri url, X509Certificate2 clientCertificate, X509Certificate2Collection? serverRoots, X509Certificate2Collection? clientChain = null)
    {
        Url = url;
        ClientCertificate = clientCertificate;
        ServerRoots = serverRoots;
        _context = SslStreamCertificateContext.Create(clientCertificate, clientChain ?? [], offline: true);
    }

    private readonly SslStreamCertificateContext _context;

    /// <summary>The EHI URL, e.g. https://localhost:8443/ehi.</summary>
    public Uri Url { get; }

    /// <summary>The transport certificate, with its key.</summary>
    public X509Certificate2 ClientCertificate { get; }

    /// <summary>Roots that verify the server; null uses the system store.</summary>
    public X509Certificate2Collection? ServerRoots { get; }

    /// <summary>Opens a keep-alive mTLS connection.</summary>
    public async Task<EhiConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(Url.Host.Trim('[', ']'), Url.Port, cancellationToken).ConfigureAwait(false);
            var ssl = new SslStream(tcp.GetStream());
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = Url.Host.Trim('[', ']'),
                    ClientCertificateContext = _context,
                    RemoteCertificateValidationCallback = (_, certificate, chain, errors) => VerifyServer(certificate, chain, errors),
                },
                cancellationToken).ConfigureAwait(false);
            return new EhiConnection(tcp, ssl, Url);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    private bool VerifyServer(X509Certificate? certificate, X509Chain? sent, SslPolicyErrors errors)
    {
        if (ServerRoots is null)
        {
            return errors == SslPolicyErrors.None;
        }

        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ServerRoots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (sent is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(sent.ChainPolicy.ExtraStore);
        }

        return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
