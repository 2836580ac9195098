using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ehi.Testing;

/// <summary>PROXY protocol headers written the way HAProxy writes them, for tests that play the load balancer.</summary>
public static class ProxyHeaders
{
    public static readonly byte[] V2Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    public static byte[] V1(string source, string destination, int sourcePort = 56324, int destinationPort = 443)
    {
        string family = IPAddress.Parse(source).AddressFamily == AddressFamily.InterNetwork ? "TCP4" : "TCP6";
        return Encoding.ASCII.GetBytes($"PROXY {family} {source} {destination} {sourcePort} {destinationPort}\r\n");
    }

    public static byte[] V1Unknown() => "PROXY UNKNOWN\r\n"u8.ToArray();

    /// <summary>A v2 PROXY header for a TCP connection, with optional TLVs (type, value).</summary>
    public static byte[] V2(string source, string destination, int sourcePort = 56324, int destinationPort = 443, params (byte Type, byte[] Value)[] tlvs)
    {
        var src = IPAddress.Parse(source);
        var dst = IPAddress.Parse(destination);
        bool v4 = src.AddressFamily == AddressFamily.InterNetwork;
        var body = new List<byte>();
        body.AddRange(src.GetAddressBytes());
        body.AddRange(dst.GetAddressBytes());
        body.AddRange(Port(sourcePort));
        body.AddRange(Port(destinationPort));
        foreach (var (type, value) in tlvs)
        {
            body.Add(type);
            body.AddRange(Port(value.Length));
            body.AddRange(value);
        }

        return Frame(0x21, v4 ? (byte)0x11 : (byte)0x21, [.. body]);
    }

    /// <summary>A v2 LOCAL header, as HAProxy sends with its health checks.</summary>
    public static byte[] V2Local() => Frame(0x20, 0x00, []);

    public static byte[] Frame(byte versionCommand, byte familyTransport, byte[] body)
    {
        var header = new List<byte>(V2Signature) { versionCommand, familyTransport };
        header.AddRange(Port(body.Length));
        header.AddRange(body);
        return [.. header];
    }

    private static byte[] Port(int value)
    {
        byte[] bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)value);
        return bytes;
    }
}
