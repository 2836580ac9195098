using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ehi.Server.Network.ProxyProtocol;

/// <summary>Whether the bytes so far hold a PROXY protocol header.</summary>
public enum ProxyParseStatus
{
    /// <summary>A valid beginning: more bytes are needed.</summary>
    Incomplete,

    /// <summary>A complete, valid header.</summary>
    Complete,

    /// <summary>Not a valid header; <see cref="ProxyParseResult.Error"/> says why.</summary>
    Invalid,
}

/// <summary>The parser's answer.</summary>
/// <param name="Status">Incomplete, complete or invalid.</param>
/// <param name="Header">The header when complete.</param>
/// <param name="Error">Why the bytes are not a header, when invalid.</param>
public readonly record struct ProxyParseResult(ProxyParseStatus Status, ProxyHeader? Header, string? Error)
{
    internal static readonly ProxyParseResult NeedMore = new(ProxyParseStatus.Incomplete, null, null);

    internal static ProxyParseResult Fail(string error) => new(ProxyParseStatus.Invalid, null, error);

    internal static ProxyParseResult Done(ProxyHeader header) => new(ProxyParseStatus.Complete, header, null);
}

/// <summary>Parses the PROXY protocol header a load balancer (HAProxy <c>send-proxy</c> /
/// <c>send-proxy-v2</c>, cloud NLBs) writes at the start of a TCP connection, per HAProxy's
/// proxy-protocol.txt. It reads only the header's own bytes, never throws on any input, and says
/// <see cref="ProxyParseStatus.Incomplete"/> only while the bytes so far can still become a valid header.</summary>
public static class ProxyHeaderParser
{
    /// <summary>The longest v1 line, CRLF included (the specification's limit).</summary>
    public const int MaxV1Length = 107;

    internal const int V2FixedLength = 16;

    internal static ReadOnlySpan<byte> V2Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    private static ReadOnlySpan<byte> V1Prefix => "PROXY "u8;

    /// <summary>Examines the first bytes of a connection.</summary>
    public static ProxyParseResult Parse(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return ProxyParseResult.NeedMore;
        }

        if (StartsLike(input, V2Signature))
        {
            return input.Length < V2Signature.Length ? ProxyParseResult.NeedMore : ParseV2(input);
        }

        if (StartsLike(input, V1Prefix))
        {
            return input.Length < V1Prefix.Length ? ProxyParseResult.NeedMore : ParseV1(input);
        }

        return ProxyParseResult.Fail(input[0] == 0x16
            ? "the connection started with a TLS handshake, not a PROXY protocol header (is the balancer configured with send-proxy-v2?)"
            : "the connection did not start with a PROXY protocol v1 or v2 signature");
    }

    // True when the input and the expected bytes agree over their common length.
    private static bool StartsLike(ReadOnlySpan<byte> input, ReadOnlySpan<byte> expected)
    {
        int n = Math.Min(input.Length, expected.Length);
        return input[..n].SequenceEqual(expected[..n]);
    }

    private static ProxyParseResult ParseV1(ReadOnlySpan<byte> input)
    {
        int limit = Math.Min(input.Length, MaxV1Length);
        int end = -1;
        for (int i = 0; i < limit; i++)
        {
            byte b = input[i];
            if (b == (byte)'\r')
            {
                if (i + 1 >= input.Length)
                {
                    return ProxyParseResult.NeedMore;
                }

                if (input[i + 1] != (byte)'\n')
                {
                    return ProxyParseResult.Fail("the v1 header has a CR not followed by LF");
                }

                end = i;
                break;
            }

            if (b is < 0x20 or > 0x7E)
            {
                return ProxyParseResult.Fail($"the v1 header contains byte 0x{b:X2} before its CRLF");
            }
        }

        if (end < 0)
        {
            return input.Length >= MaxV1Length
                ? ProxyParseResult.Fail($"the v1 header has no CRLF within {MaxV1Length} bytes")
                : ProxyParseResult.NeedMore;
        }

        if (end + 2 > MaxV1Length)
        {
            return ProxyParseResult.Fail($"the v1 header is longer than {MaxV1Length} bytes");
        }

        string line = Encoding.ASCII.GetString(input[..end]);
        string[] parts = line.Split(' ');
        if (parts.Length >= 2 && parts[1] == "UNKNOWN")
        {
            // The balancer could not tell the client (or checks itself); the rest of the line is ignored.
            return ProxyParseResult.Done(new ProxyHeader(1, false, null, null, end + 2));
        }

        if (parts.Length != 6)
        {
            return ProxyParseResult.Fail($"the v1 header '{line}' is not 'PROXY TCP4|TCP6 SOURCE DESTINATION SOURCE-PORT DESTINATION-PORT'");
        }

        var family = parts[1] switch
        {
            "TCP4" => AddressFamily.InterNetwork,
            "TCP6" => AddressFamily.InterNetworkV6,
            _ => AddressFamily.Unknown,
        };
        if (family == AddressFamily.Unknown)
        {
            return ProxyParseResult.Fail($"the v1 header's protocol '{parts[1]}' is not TCP4, TCP6 or UNKNOWN");
        }

        if (!TryParseV1Address(parts[2], family, out var source) || !TryParseV1Address(parts[3], family, out var destination))
        {
            return ProxyParseResult.Fail($"the v1 header's addresses '{parts[2]}' and '{parts[3]}' are not both {parts[1]} addresses");
        }

        if (!TryParsePort(parts[4], out int sourcePort) || !TryParsePort(parts[5], out int destinationPort))
        {
            return ProxyParseResult.Fail($"the v1 header's ports '{parts[4]}' and '{parts[5]}' are not both between 0 and 65535");
        }

        return ProxyParseResult.Done(new ProxyHeader(1, false, new IPEndPoint(source!, sourcePort), new IPEndPoint(destination!, destinationPort), end + 2));
    }

    // IPAddress.TryParse accepts forms like "1" or "0x7f.1"; the v1 text allows only dotted quads and plain IPv6.
    private static bool TryParseV1Address(string text, AddressFamily family, out IPAddress? address)
    {
        address = null;
        if (family == AddressFamily.InterNetwork)
        {
            string[] octets = text.Split('.');
            if (octets.Length != 4 || octets.Any(o => o.Length is < 1 or > 3 || !o.All(char.IsAsciiDigit)))
            {
                return false;
            }
        }
        else if (!text.Contains(':', StringComparison.Ordinal) || text.Contains('%', StringComparison.Ordinal))
        {
            return false;
        }

        return IPAddress.TryParse(text, out address) && address.AddressFamily == family;
    }

    private static bool TryParsePort(string text, out int port)
    {
        port = 0;
        return text.Length is >= 1 and <= 5 && text.All(char.IsAsciiDigit) &&
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535;
    }

    private static ProxyParseResult ParseV2(ReadOnlySpan<byte> input)
    {
        if (input.Length < V2FixedLength)
        {
            return ProxyParseResult.NeedMore;
        }

        int version = input[12] >> 4;
        int command = input[12] & 0x0F;
        if (version != 2)
        {
            return ProxyParseResult.Fail($"the v2 header's version is {version}, not 2");
        }

        if (command > 1)
        {
            return ProxyParseResult.Fail($"the v2 header's command is {command}, neither LOCAL (0) nor PROXY (1)");
        }

        byte familyAndTransport = input[13];
        int length = BinaryPrimitives.ReadUInt16BigEndian(input[14..16]);
        bool local = command == 0;
        int addressLength = familyAndTransport switch
        {
            0x11 => 12, // TCP over IPv4
            0x21 => 36, // TCP over IPv6
            0x31 => 216, // stream over a UNIX socket: no IP address to give
            0x00 => 0, // UNSPEC: the balancer does not know the client
            _ => -1,
        };
        if (!local && addressLength < 0)
        {
            return ProxyParseResult.Fail($"the v2 header's address family and transport 0x{familyAndTransport:X2} is not TCP over IPv4 or IPv6");
        }

        if (!local && length < addressLength)
        {
            return ProxyParseResult.Fail($"the v2 header's length {length} is too short for its addresses ({addressLength} bytes)");
        }

        if (input.Length < V2FixedLength + length)
        {
            return ProxyParseResult.NeedMore;
        }

        int total = V2FixedLength + length;
        if (local || addressLength == 0)
        {
            // LOCAL (the balancer's own connection, e.g. a health check) and UNSPEC: the addresses are ignored.
            return ProxyParseResult.Done(new ProxyHeader(2, local, null, null, total));
        }

        var block = input.Slice(V2FixedLength, length);
        if (ValidateTlvs(block[addressLength..]) is { } tlvError)
        {
            return ProxyParseResult.Fail(tlvError);
        }

        if (familyAndTransport == 0x31)
        {
            return ProxyParseResult.Done(new ProxyHeader(2, false, null, null, total));
        }

        int size = familyAndTransport == 0x11 ? 4 : 16;
        var source = new IPAddress(block[..size]);
        var destination = new IPAddress(block.Slice(size, size));
        int sourcePort = BinaryPrimitives.ReadUInt16BigEndian(block.Slice(2 * size, 2));
        int destinationPort = BinaryPrimitives.ReadUInt16BigEndian(block.Slice((2 * size) + 2, 2));
        return ProxyParseResult.Done(new ProxyHeader(2, false, new IPEndPoint(source, sourcePort), new IPEndPoint(destination, destinationPort), total));
    }

    // Type-length-value extensions (ALPN, authority, unique id, SSL facts, CRC32c...) carry nothing
    // ehi uses; they are skipped, but a list that runs past the header means the header is corrupt.
    private static string? ValidateTlvs(ReadOnlySpan<byte> tlvs)
    {
        while (!tlvs.IsEmpty)
        {
            if (tlvs.Length < 3)
            {
                return $"the v2 header ends with {tlvs.Length} byte(s) that are not a whole TLV";
            }

            int valueLength = BinaryPrimitives.ReadUInt16BigEndian(tlvs[1..3]);
            if (3 + valueLength > tlvs.Length)
            {
                return $"the v2 header's TLV of type 0x{tlvs[0]:X2} claims {valueLength} bytes but only {tlvs.Length - 3} remain";
            }

            tlvs = tlvs[(3 + valueLength)..];
        }

        return null;
    }
}
