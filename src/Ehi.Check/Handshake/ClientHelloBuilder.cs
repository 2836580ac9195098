using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Ehi.Check.Handshake;

/// <summary>Builds ClientHello records byte by byte (RFC 5246 §7.4.1.2, RFC 8446 §4.1.2), so a probe
/// offers exactly the protocol and suites it means to test, whatever the local TLS library would send.</summary>
public static class ClientHelloBuilder
{
    private static readonly ushort[] Groups = [0x001D, 0x0017, 0x0018, 0x0019, 0x0100];
    private static readonly ushort[] SignatureAlgorithms = [0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0201, 0x0203];

    /// <summary>A complete TLS record holding one ClientHello.</summary>
    /// <param name="version">The version to offer; TLS 1.3 is offered through supported_versions.</param>
    /// <param name="suites">Cipher suite code points, in preference order.</param>
    /// <param name="serverName">SNI host name (left out for IP addresses and SSL 3.0).</param>
    /// <param name="offerCompression">Offer DEFLATE besides null compression (CRIME probe).</param>
    /// <param name="groups">supported_groups to offer (default: X25519, P-256, P-384, P-521, ffdhe2048).</param>
    /// <param name="requestOcsp">Send status_request (OCSP stapling probe).</param>
    public static byte[] Build(TlsVersion version, IReadOnlyList<ushort> suites, string? serverName, bool offerCompression = false, IReadOnlyList<ushort>? groups = null, bool requestOcsp = false)
    {
        var body = new List<byte>(512);
        ushort helloVersion = version == TlsVersion.Tls13 ? (ushort)TlsVersion.Tls12 : (ushort)version;
        Add16(body, helloVersion);
        body.AddRange(RandomNumberGenerator.GetBytes(32));
        body.Add(32); // a session id, as browsers send (middlebox compatibility, RFC 8446 §D.4)
        body.AddRange(RandomNumberGenerator.GetBytes(32));
        Add16(body, (ushort)(suites.Count * 2));
        foreach (ushort suite in suites)
        {
            Add16(body, suite);
        }

        if (offerCompression)
        {
            body.AddRange([2, 1, 0]);
        }
        else
        {
            body.AddRange([1, 0]);
        }

        if (version != TlsVersion.Ssl30)
        {
            var extensions = Extensions(version, serverName, groups ?? Groups, requestOcsp);
            Add16(body, (ushort)extensions.Count);
            body.AddRange(extensions);
        }

        var handshake = new List<byte>(body.Count + 4) { 1 };
        Add24(handshake, body.Count);
        handshake.AddRange(body);

        // The record layer says TLS 1.0 (or SSL 3.0 for that probe), as real clients do.
        var record = new List<byte>(handshake.Count + 5) { 22 };
        Add16(record, version == TlsVersion.Ssl30 ? (ushort)TlsVersion.Ssl30 : (ushort)TlsVersion.Tls10);
        Add16(record, (ushort)handshake.Count);
        record.AddRange(handshake);
        return [.. record];
    }

    private static List<byte> Extensions(TlsVersion version, string? serverName, IReadOnlyList<ushort> offeredGroups, bool requestOcsp)
    {
        var all = new List<byte>();
        if (serverName is not null && !IPAddress.TryParse(serverName.Trim('[', ']'), out _))
        {
            byte[] name = Encoding.ASCII.GetBytes(serverName);
            var sni = new List<byte>();
            Add16(sni, (ushort)(name.Length + 3));
            sni.Add(0);
            Add16(sni, (ushort)name.Length);
            sni.AddRange(name);
            Extension(all, 0x0000, sni);
        }

        var groups = new List<byte>();
        Add16(groups, (ushort)(offeredGroups.Count * 2));
        foreach (ushort g in offeredGroups)
        {
            Add16(groups, g);
        }

        Extension(all, 0x000A, groups);
        Extension(all, 0x000B, [1, 0]);
        if (version >= TlsVersion.Tls12)
        {
            var algorithms = new List<byte>();
            Add16(algorithms, (ushort)(SignatureAlgorithms.Length * 2));
            foreach (ushort a in SignatureAlgorithms)
            {
                Add16(algorithms, a);
            }

            Extension(all, 0x000D, algorithms);
        }

        if (requestOcsp)
        {
            Extension(all, 0x0005, [1, 0, 0, 0, 0]); // status_request: OCSP, no responder ids, no extensions
        }

        Extension(all, 0xFF01, [0]); // renegotiation_info, empty: asks for secure renegotiation (RFC 5746)
        Extension(all, 0x0017, []); // extended_master_secret
        if (version == TlsVersion.Tls13)
        {
            Extension(all, 0x002B, [2, 0x03, 0x04]);
            var share = new List<byte>();
            if (offeredGroups.Contains((ushort)0x001D))
            {
                Add16(share, 36);
                Add16(share, 0x001D);
                Add16(share, 32);
                share.AddRange(RandomNumberGenerator.GetBytes(32)); // any 32 bytes is an X25519 public key
            }
            else
            {
                Add16(share, 0); // no share: a server supporting an offered group answers with a HelloRetryRequest
            }

            Extension(all, 0x0033, share);
            Extension(all, 0x002D, [1, 1]);
        }

        return all;
    }

    private static void Extension(List<byte> into, ushort type, IReadOnlyCollection<byte> data)
    {
        Add16(into, type);
        Add16(into, (ushort)data.Count);
        into.AddRange(data);
    }

    private static void Add16(List<byte> into, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        into.AddRange(bytes.ToArray());
    }

    private static void Add24(List<byte> into, int value) => into.AddRange([(byte)(value >> 16), (byte)(value >> 8), (byte)value]);
}
