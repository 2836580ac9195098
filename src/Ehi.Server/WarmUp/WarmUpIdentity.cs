using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ehi.Server.Network;

namespace Ehi.Server.WarmUp;

/// <summary>The client certificate of the server's own warm-up exchange: self-signed, made in memory
/// at start, its key never written anywhere. A handshake with it proves possession of that key, so
/// only this process can present it. It is recognised only while the warm-up runs (before the server
/// reports ready), and a recognised connection is served by the warm-up handler, never the real one:
/// it can reach no journal, ledger or core system whatever it sends. With the PROXY protocol on,
/// the listener takes connections from the load balancers only; the warm-up's own connections are
/// let through by their exact local end point, registered by this process before it connects, each
/// once, and only while it runs. An end point proves nothing on its own (another local process could
/// bind the same port with address reuse and connect first), so such a connection must then present
/// this certificate in its handshake or be refused (<see cref="WarmUpPeer"/>).</summary>
public sealed class WarmUpIdentity : IDisposable
{
    private readonly ConcurrentDictionary<IPEndPoint, byte> _peers = new();
    private volatile bool _open = true;

    /// <summary>Makes a new identity.</summary>
    public WarmUpIdentity()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=ehi warm-up {Guid.NewGuid():N}, OU=in memory never trusted, O=ehi", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var now = DateTimeOffset.UtcNow;
        Certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
    }

    /// <summary>The certificate with its private key, for the warm-up client.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>True while the warm-up runs.</summary>
    public bool IsOpen => _open;

    /// <summary>True when <paramref name="leaf"/> is this identity and the warm-up still runs.</summary>
    public bool Recognises(X509Certificate2? leaf) =>
        _open && leaf is not null && leaf.RawDataMemory.Span.SequenceEqual(Certificate.RawDataMemory.Span);

    /// <summary>Announces a warm-up connection about to be made from <paramref name="local"/>.</summary>
    public void ExpectPeer(IPEndPoint local)
    {
        if (_open)
        {
            _peers[Normalized(local)] = 0;
        }
    }

    /// <summary>Withdraws an announcement whose connection failed: once its socket is gone, another
    /// process could take that port.</summary>
    public void ForgetPeer(IPEndPoint local) => _peers.TryRemove(Normalized(local), out _);

    /// <summary>True, once, for a connection from an end point <see cref="ExpectPeer"/> announced while the warm-up runs.</summary>
    public bool AdmitsPeer(IPEndPoint? peer) => _open && peer is not null && _peers.TryRemove(Normalized(peer), out _);

    /// <summary>Ends the warm-up window: from now on the certificate is judged like any other (and refused as untrusted).</summary>
    public void Close()
    {
        _open = false;
        _peers.Clear();
    }

    // A dual-stack listener reports the IPv4 loopback as ::ffff:127.0.0.1.
    private static IPEndPoint Normalized(IPEndPoint endPoint) => new(ClientAddress.Normalize(endPoint.Address), endPoint.Port);

    /// <inheritdoc />
    public void Dispose()
    {
        Close();
        Certificate.Dispose();
    }
}
