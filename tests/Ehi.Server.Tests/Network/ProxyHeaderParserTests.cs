using System.Text;
using Ehi.Server.Network.ProxyProtocol;
using Ehi.Testing;

namespace Ehi.Server.Tests.Network;

public sealed class ProxyHeaderParserTests
{
    private static readonly byte[] ClientHello = [0x16, 0x03, 0x01, 0x00, 0xF4, 0x01];

    [Theory]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.5 56324 443\r\n", "203.0.113.7", 56324, "10.0.0.5", 443)]
    [InlineData("PROXY TCP4 255.255.255.255 0.0.0.0 65535 0\r\n", "255.255.255.255", 65535, "0.0.0.0", 0)]
    [InlineData("PROXY TCP6 2001:db8::7 2001:db8::5 4000 8443\r\n", "2001:db8::7", 4000, "2001:db8::5", 8443)]
    [InlineData("PROXY TCP6 ::ffff:203.0.113.7 ::1 1 2\r\n", "::ffff:203.0.113.7", 1, "::1", 2)]
    public void V1_Tcp_GivesTheClientAndConsumesTheLineOnly(string line, string source, int sourcePort, string destination, int destinationPort)
    {
        byte[] input = [.. Encoding.ASCII.GetBytes(line), .. ClientHello];

        var result = ProxyHeaderParser.Parse(input);

        Assert.Equal(ProxyParseStatus.Complete, result.Status);
        Assert.Equal(1, result.Header!.Version);
        Assert.Equal(source, result.Header.Source!.Address.ToString());
        Assert.Equal(sourcePort, result.Header.Source.Port);
        Assert.Equal(destination, result.Header.Destination!.Address.ToString());
        Assert.Equal(destinationPort, result.Header.Destination.Port);
        Assert.Equal(line.Length, result.Header.Length);
    }

    [Theory]
    [InlineData("PROXY UNKNOWN\r\n")]
    [InlineData("PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n")]
    public void V1_Unknown_HasNoClient(string line)
    {
        var result = ProxyHeaderParser.Parse(Encoding.ASCII.GetBytes(line));

        Assert.Equal(ProxyParseStatus.Complete, result.Status);
        Assert.Null(result.Header!.Source);
        Assert.False(result.Header.IsLocal);
        Assert.Equal(line.Length, result.Header.Length);
    }

    [Theory]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.5 56324\r\n")] // a port missing
    [InlineData("PROXY TCP4 203.0.113.7  10.0.0.5 56324 443\r\n")] // two spaces
    [InlineData("PROXY TCP5 203.0.113.7 10.0.0.5 56324 443\r\n")]
    [InlineData("PROXY TCP4 2001:db8::7 10.0.0.5 56324 443\r\n")] // family mismatch
    [InlineData("PROXY TCP6 203.0.113.7 2001:db8::5 56324 443\r\n")]
    [InlineData("PROXY TCP4 203.0.113 10.0.0.5 56324 443\r\n")] // three octets
    [InlineData("PROXY TCP4 1 10.0.0.5 56324 443\r\n")] // IPAddress.Parse would take it
    [InlineData("PROXY TCP4 203.0.113.256 10.0.0.5 56324 443\r\n")]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.5 65536 443\r\n")]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.5 -1 443\r\n")]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.5 0x10 443\r\n")]
    [InlineData("PROXY TCP6 fe80::1%eth0 ::1 1 2\r\n")]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.5 56324 443\r\r")]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.5 56324 443\n")] // LF without CR
    [InlineData("PROXY tcp4 203.0.113.7 10.0.0.5 56324 443\r\n")]
    [InlineData("PROXY\r\n")]
    [InlineData("proxy TCP4 203.0.113.7 10.0.0.5 56324 443\r\n")]
    [InlineData("GET / HTTP/1.1\r\n")]
    public void V1_Malformed_IsInvalidWithAReason(string line)
    {
        var result = ProxyHeaderParser.Parse(Encoding.ASCII.GetBytes(line));

        Assert.Equal(ProxyParseStatus.Invalid, result.Status);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }

    [Fact]
    public void V1_WithoutCrlfWithin107Bytes_IsInvalid()
    {
        byte[] input = Encoding.ASCII.GetBytes("PROXY UNKNOWN " + new string('x', 200));

        var result = ProxyHeaderParser.Parse(input);

        Assert.Equal(ProxyParseStatus.Invalid, result.Status);
        Assert.Contains("107", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void V1_LongestValidLine_IsAccepted()
    {
        // The specification's worst case: 107 bytes.
        string line = "PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n";
        Assert.Equal(ProxyHeaderParser.MaxV1Length, line.Length);

        Assert.Equal(ProxyParseStatus.Complete, ProxyHeaderParser.Parse(Encoding.ASCII.GetBytes(line)).Status);
        Assert.Equal(ProxyParseStatus.Complete, ProxyHeaderParser.Parse(Encoding.ASCII.GetBytes(line.Replace("UNKNOWN", "TCP6", StringComparison.Ordinal))).Status);
    }

    [Fact]
    public void V2_Ipv4_GivesTheClientAndConsumesTheHeaderOnly()
    {
        byte[] header = ProxyHeaders.V2("203.0.113.7", "10.0.0.5", 56324, 443);
        byte[] input = [.. header, .. ClientHello];

        var result = ProxyHeaderParser.Parse(input);

        Assert.Equal(ProxyParseStatus.Complete, result.Status);
        Assert.Equal(2, result.Header!.Version);
        Assert.Equal("203.0.113.7:56324", result.Header.Source!.ToString());
        Assert.Equal("10.0.0.5:443", result.Header.Destination!.ToString());
        Assert.Equal(28, result.Header.Length);
    }

    [Fact]
    public void V2_Ipv6_GivesTheClient()
    {
        var result = ProxyHeaderParser.Parse(ProxyHeaders.V2("2001:db8::7", "2001:db8::5", 4000, 8443));

        Assert.Equal(ProxyParseStatus.Complete, result.Status);
        Assert.Equal("[2001:db8::7]:4000", result.Header!.Source!.ToString());
        Assert.Equal(52, result.Header.Length);
    }

    [Fact]
    public void V2_Tlvs_AreSkipped()
    {
        byte[] header = ProxyHeaders.V2("203.0.113.7", "10.0.0.5", 1, 2, (0x01, "http/1.1"u8.ToArray()), (0x05, new byte[40]), (0x04, []));
        byte[] input = [.. header, .. ClientHello];

        var result = ProxyHeaderParser.Parse(input);

        Assert.Equal(ProxyParseStatus.Complete, result.Status);
        Assert.Equal("203.0.113.7", result.Header!.Source!.Address.ToString());
        Assert.Equal(header.Length, result.Header.Length);
    }

    [Fact]
    public void V2_Local_HasNoClientAndIgnoresItsAddresses()
    {
        byte[] withAddresses = ProxyHeaders.Frame(0x20, 0x11, new byte[12]);

        Assert.True(ProxyHeaderParser.Parse(ProxyHeaders.V2Local()).Header!.IsLocal);
        var result = ProxyHeaderParser.Parse(withAddresses);
        Assert.Equal(ProxyParseStatus.Complete, result.Status);
        Assert.True(result.Header!.IsLocal);
        Assert.Null(result.Header.Source);
        Assert.Equal(28, result.Header.Length);
    }

    [Theory]
    [InlineData((byte)0x00)] // UNSPEC: the balancer does not know the client
    [InlineData((byte)0x31)] // a UNIX socket: no IP
    public void V2_ProxyWithoutAnIpFamily_HasNoClient(byte familyTransport)
    {
        byte[] body = new byte[familyTransport == 0x31 ? 216 : 0];

        var result = ProxyHeaderParser.Parse(ProxyHeaders.Frame(0x21, familyTransport, body));

        Assert.Equal(ProxyParseStatus.Complete, result.Status);
        Assert.Null(result.Header!.Source);
        Assert.False(result.Header.IsLocal);
    }

    [Theory]
    [InlineData((byte)0x11, (byte)0x12, 12)] // UDP over IPv4
    [InlineData((byte)0x21, (byte)0x22, 36)] // UDP over IPv6
    [InlineData((byte)0x21, (byte)0x41, 12)] // unknown family
    [InlineData((byte)0x11, (byte)0x11, 11)] // too short for IPv4 addresses
    [InlineData((byte)0x21, (byte)0x21, 12)] // too short for IPv6 addresses
    [InlineData((byte)0x31, (byte)0x11, 12)] // version 3
    [InlineData((byte)0x22, (byte)0x11, 12)] // command 2
    [InlineData((byte)0x11, (byte)0x11, 12)] // version 1 in a v2 frame
    public void V2_Malformed_IsInvalid(byte versionCommand, byte familyTransport, int length)
    {
        var result = ProxyHeaderParser.Parse(ProxyHeaders.Frame(versionCommand, familyTransport, new byte[length]));

        Assert.Equal(ProxyParseStatus.Invalid, result.Status);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }

    [Fact]
    public void V2_TlvRunningPastTheHeader_IsInvalid()
    {
        byte[] body = [.. new byte[12], 0x01, 0x00, 0x09, (byte)'h', (byte)'2'];

        var result = ProxyHeaderParser.Parse(ProxyHeaders.Frame(0x21, 0x11, body));

        Assert.Equal(ProxyParseStatus.Invalid, result.Status);
        Assert.Contains("TLV", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void V2_TrailingPartialTlv_IsInvalid()
    {
        var result = ProxyHeaderParser.Parse(ProxyHeaders.Frame(0x21, 0x11, [.. new byte[12], 0x01, 0x00]));

        Assert.Equal(ProxyParseStatus.Invalid, result.Status);
    }

    [Fact]
    public void TlsClientHelloWithoutHeader_IsInvalidAndSaysSo()
    {
        var result = ProxyHeaderParser.Parse(ClientHello);

        Assert.Equal(ProxyParseStatus.Invalid, result.Status);
        Assert.Contains("TLS handshake", result.Error, StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[]> ValidHeaders => new()
    {
        { "v1 TCP4", ProxyHeaders.V1("203.0.113.7", "10.0.0.5") },
        { "v1 TCP6", ProxyHeaders.V1("2001:db8::7", "2001:db8::5") },
        { "v1 UNKNOWN", ProxyHeaders.V1Unknown() },
        { "v2 IPv4", ProxyHeaders.V2("203.0.113.7", "10.0.0.5") },
        { "v2 IPv6 with TLVs", ProxyHeaders.V2("2001:db8::7", "2001:db8::5", 1, 2, (0x02, "ehi.example.com"u8.ToArray()), (0x20, new byte[5])) },
        { "v2 LOCAL", ProxyHeaders.V2Local() },
    };

    [Theory]
    [MemberData(nameof(ValidHeaders))]
    public void EveryTruncation_IsIncompleteNeverInvalidNorComplete(string name, byte[] header)
    {
        for (int length = 0; length < header.Length; length++)
        {
            var result = ProxyHeaderParser.Parse(header.AsSpan(0, length));
            Assert.True(result.Status == ProxyParseStatus.Incomplete, $"{name}: {length} of {header.Length} bytes gave {result.Status} {result.Error}");
        }

        Assert.Equal(ProxyParseStatus.Complete, ProxyHeaderParser.Parse(header).Status);
    }

    [Theory]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.5 56324 443\r\n")]
    [InlineData("PROXY TCP6 2001:db8::7 2001:db8::5 4000 8443\r\n")]
    public void V1_EveryTruncationFollowedByATlsHello_IsInvalid(string line)
    {
        // A v1 line cut short (a balancer that died mid-header) followed by other bytes is never taken for a header.
        byte[] header = Encoding.ASCII.GetBytes(line);
        for (int length = 1; length < header.Length; length++)
        {
            byte[] input = [.. header.AsSpan(0, length), .. ClientHello];
            Assert.Equal(ProxyParseStatus.Invalid, ProxyHeaderParser.Parse(input).Status);
        }
    }

    [Fact]
    public void RandomBytes_NeverThrow()
    {
        var random = new Random(20261201);
        for (int i = 0; i < 20_000; i++)
        {
            byte[] input = new byte[random.Next(0, 300)];
            random.NextBytes(input);
            if (i % 3 == 1)
            {
                ProxyHeaders.V2Signature.AsSpan(0, Math.Min(12, input.Length)).CopyTo(input);
            }
            else if (i % 3 == 2)
            {
                "PROXY "u8[..Math.Min(6, input.Length)].CopyTo(input);
            }

            AssertConsistent(ProxyHeaderParser.Parse(input), input.Length);
        }
    }

    [Theory]
    [MemberData(nameof(ValidHeaders))]
    public void MutatedHeaders_NeverThrow(string name, byte[] header)
    {
        var random = new Random(name.Length);
        for (int i = 0; i < 5_000; i++)
        {
            byte[] input = [.. header];
            for (int flips = random.Next(1, 4); flips > 0; flips--)
            {
                input[random.Next(input.Length)] = (byte)random.Next(256);
            }

            AssertConsistent(ProxyHeaderParser.Parse(input), input.Length);
        }
    }

    private static void AssertConsistent(ProxyParseResult result, int inputLength)
    {
        switch (result.Status)
        {
            case ProxyParseStatus.Complete:
                Assert.InRange(result.Header!.Length, 1, inputLength);
                break;
            case ProxyParseStatus.Invalid:
                Assert.False(string.IsNullOrWhiteSpace(result.Error));
                break;
        }
    }
}
