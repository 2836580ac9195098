using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Ehi.Server.Network.ProxyProtocol;

/// <summary>Writes the header a balancer sends (the server's warm-up connections send one of their
/// own, so that the PROXY path is warm before ready); the layout is the one
/// <see cref="ProxyHeaderParser"/> reads.</summary>
internal static class ProxyHeaderWriter
{
    /// <summary>Version 2, PROXY command, TCP over IPv4 or IPv6: signature, version and command,
    /// family, address length, then source and destination addresses and ports (network byte order).</summary>
    public static byte[] V2(IPEndPoint source, IPEndPoint destination)
    {
        bool v6 = source.AddressFamily == AddressFamily.InterNetworkV6;
        int size = v6 ? 16 : 4;
        int addresses = (2 * size) + 4;
        var header = new byte[ProxyHeaderParser.V2FixedLength + addresses];
        ProxyHeaderParser.V2Signature.CopyTo(header);
        header[12] = 0x21;
        header[13] = v6 ? (byte)0x21 : (byte)0x11;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(14), (ushort)addresses);
        var body = header.AsSpan(ProxyHeaderParser.V2FixedLength);
        source.Address.TryWriteBytes(body, out _);
        destination.Address.TryWriteBytes(body[size..], out _);
        BinaryPrimitives.WriteUInt16BigEndian(body[(2 * size)..], (ushort)source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(body[((2 * size) + 2)..], (ushort)destination.Port);
        return header;
    }
}
