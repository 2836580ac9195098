using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Ehi.Check.Connectivity;

/// <summary>What one ordinary TLS handshake shows of the server: the certificates it sends, in
/// order, the CA names it lists in its CertificateRequest, and what was negotiated.</summary>
/// <param name="Certificates">The chain as sent, leaf first.</param>
/// <param name="AcceptableIssuers">The distinguished names of the CertificateRequest (empty when none, null when no certificate was requested).</param>
/// <param name="Protocol">The negotiated protocol.</param>
/// <param name="CipherSuite">The negotiated suite.</param>
public sealed record ServerView(IReadOnlyList<X509Certificate2> Certificates, IReadOnlyList<string>? AcceptableIssuers, SslProtocols Protocol, TlsCipherSuite CipherSuite)
{
    /// <summary>Connects once (optionally presenting a client certificate) and records what the server showed.</summary>
    /// <exception cref="CheckTargetException">The target cannot be reached or the handshake fails.</exception>
    public static async Task<ServerView> ObserveAsync(string host, int port, string serverName, X509Certificate2? clientCertificate, SslProtocols protocols, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(host, port, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            throw new CheckTargetException($"{host}:{port} cannot be reached: {ex.Message}", ex);
        }

        var sent = new List<X509Certificate2>();
        List<string>? issuers = null;
        await using var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            EnabledSslProtocols = protocols,
            // Record everything; the chain checks judge it afterwards against the roots given.
            RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
            {
                if (certificate is not null)
                {
                    sent.Add(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
                }

                if (chain is not null)
                {
                    sent.AddRange(chain.ChainPolicy.ExtraStore.Where(c => certificate is null || !c.RawDataMemory.Span.SequenceEqual(certificate.GetRawCertData())));
                }

                return true;
            },
            LocalCertificateSelectionCallback = (_, _, _, _, acceptable) =>
            {
                issuers = [.. acceptable];
                return clientCertificate!;
            },
        };
        if (clientCertificate is not null)
        {
            options.ClientCertificates = [clientCertificate];
        }

        try
        {
            await ssl.AuthenticateAsClientAsync(options, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException)
        {
            throw new CheckTargetException($"the TLS handshake with {host}:{port} failed: {ex.Message}", ex);
        }

        return new ServerView(sent, issuers, ssl.SslProtocol, ssl.NegotiatedCipherSuite);
    }
}
