using System.Net;
using Ehi.Server.Network.ProxyProtocol;
using Ehi.Testing;

namespace Ehi.Server.Tests.Network;

/// <summary>The header the warm-up writes as a balancer would: byte for byte what the test suite's own
/// encoder writes, and read back whole by the parser.</summary>
public sealed class ProxyHeaderWriterTests
{
    [Theory]
    [InlineData("127.0.0.1", 40001, "127.0.0.1", 8443)]
    [InlineData("2001:db8::7", 4000, "2001:db8::5", 8443)]
    public void V2_IsTheBalancersHeader_AndParsesBack(string source, int sourcePort, string destination, int destinationPort)
    {
        var from = new IPEndPoint(IPAddress.Parse(source), sourcePort);
        var to = new IPEndPoint(IPAddress.Parse(destination), destinationPort);

        byte[] header = ProxyHeaderWriter.V2(from, to);

        Assert.Equal(ProxyHeaders.V2(source, destination, sourcePort, destinationPort), header);
        var result = ProxyHeaderParser.Parse(header);
        Assert.Equal(ProxyParseStatus.Complete, result.Status);
        Assert.Equal((from, to, header.Length), (result.Header!.Source, result.Header.Destination, result.Header.Length));
    }
}
