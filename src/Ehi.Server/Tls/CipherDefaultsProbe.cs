using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ehi.Server.Tls;

/// <summary>Finds out whether this process's OpenSSL defaults already refuse every TLS 1.2 suite ehi
/// forbids (CBC, non-forward-secret, 3DES). If they do (OPENSSL_CONF set to openssl-ehi.cnf), the
/// server sets no <see cref="CipherSuitesPolicy"/>: .NET then caches one SSL_CTX per certificate
/// instead of building one per handshake, and offers session resumption. If they do not, the policy
/// stays and the restriction holds either way.</summary>
internal static class CipherDefaultsProbe
{
    private static readonly Lazy<bool> Strict = new(Probe);

    /// <summary>True when the process defaults refuse every forbidden suite.</summary>
    public static bool DefaultsAreStrict => Strict.Value;

    private static bool Probe()
    {
        return !OperatingSystem.IsWindows() && ProbeUnix();
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static bool ProbeUnix()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rsa = RSA.Create(2048);
        using var ecdsaCert = SelfSigned(new CertificateRequest("CN=ehi cipher probe", ecdsa, HashAlgorithmName.SHA256));
        using var rsaCert = SelfSigned(new CertificateRequest("CN=ehi cipher probe", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        return Refuses(ecdsaCert,
            [
                TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384,
                TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
            ])
            && Refuses(rsaCert,
            [
                TlsCipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256, TlsCipherSuite.TLS_RSA_WITH_AES_256_GCM_SHA384, TlsCipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA,
                TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
                TlsCipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, TlsCipherSuite.TLS_RSA_WITH_3DES_EDE_CBC_SHA,
            ]);
    }

    // A loopback handshake: the client offers only forbidden suites, the server uses the defaults.
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static bool Refuses(X509Certificate2 certificate, TlsCipherSuite[] forbidden)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        client.Connect((IPEndPoint)listener.LocalEndpoint);
        using var accepted = listener.AcceptTcpClient();
        using var serverStream = new SslStream(accepted.GetStream());
        using var clientStream = new SslStream(client.GetStream());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var server = serverStream.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate, EnabledSslProtocols = SslProtocols.Tls12 }, timeout.Token);
        var clientSide = clientStream.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = "probe",
                EnabledSslProtocols = SslProtocols.Tls12,
                CipherSuitesPolicy = new CipherSuitesPolicy(forbidden),
                RemoteCertificateValidationCallback = (_, _, _, _) => true, // only the suite matters here
            },
            timeout.Token);
        try
        {
            Task.WaitAll([server, clientSide], timeout.Token);
            return false; // a forbidden suite was negotiated: the defaults are too wide
        }
        catch (Exception ex) when (ex is AggregateException or AuthenticationException or IOException or OperationCanceledException)
        {
            return true;
        }
    }

    private static X509Certificate2 SelfSigned(CertificateRequest request)
    {
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
