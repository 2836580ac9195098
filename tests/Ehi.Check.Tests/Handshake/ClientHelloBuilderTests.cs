using System.Buffers.Binary;
using Ehi.Check.Handshake;

namespace Ehi.Check.Tests.Handshake;

public sealed class ClientHelloBuilderTests
{
    [Fact]
    public void Build_Tls12_IsOneWellFormedRecordOfferingExactlyTheSuites()
    {
        byte[] hello = ClientHelloBuilder.Build(TlsVersion.Tls12, [0xC02B, 0x002F], "ehi.example.com");

        // Record: handshake, TLS 1.0 on the record layer, length of the rest
        Assert.Equal([0x16, 0x03, 0x01], hello[..3]);
        Assert.Equal(hello.Length - 5, BinaryPrimitives.ReadUInt16BigEndian(hello.AsSpan(3)));

        // Handshake: ClientHello of the announced length, client_version 3.3
        Assert.Equal(1, hello[5]);
        Assert.Equal(hello.Length - 9, (hello[6] << 16) | (hello[7] << 8) | hello[8]);
        Assert.Equal([0x03, 0x03], hello[9..11]);

        // After random (32) and session id (1 + 32): the suites, then null compression only
        int at = 11 + 32 + 1 + 32;
        Assert.Equal(4, BinaryPrimitives.ReadUInt16BigEndian(hello.AsSpan(at)));
        Assert.Equal([0xC0, 0x2B, 0x00, 0x2F], hello[(at + 2)..(at + 6)]);
        Assert.Equal([1, 0], hello[(at + 6)..(at + 8)]);

        // Extensions: SNI with the name, renegotiation_info, no supported_versions
        var extensions = ExtensionsOf(hello, at + 8);
        Assert.Contains(0x0000, extensions.Keys);
        Assert.Contains("ehi.example.com"u8.ToArray(), _ => System.Text.Encoding.ASCII.GetString(extensions[0x0000]).Contains("ehi.example.com", StringComparison.Ordinal));
        Assert.Equal([0], extensions[0xFF01]);
        Assert.DoesNotContain(0x002B, extensions.Keys);
    }

    [Fact]
    public void Build_Tls13_OffersVersionThroughTheExtensionWithAKeyShare()
    {
        byte[] hello = ClientHelloBuilder.Build(TlsVersion.Tls13, [0x1301], "localhost");

        Assert.Equal([0x03, 0x03], hello[9..11]);
        var extensions = ExtensionsOf(hello, 11 + 32 + 1 + 32 + 2 + 2 + 2);
        Assert.Equal([2, 0x03, 0x04], extensions[0x002B]);
        Assert.Equal(2 + 2 + 2 + 32, extensions[0x0033].Length);
        Assert.Equal([0x00, 0x1D], extensions[0x0033][2..4]);
    }

    [Fact]
    public void Build_Tls13_WithOnlyANonX25519Group_OffersItWithAnEmptyKeyShare_AndOcspRequest()
    {
        byte[] hello = ClientHelloBuilder.Build(TlsVersion.Tls13, [0x1301], "localhost", groups: [0x0018], requestOcsp: true);

        var extensions = ExtensionsOf(hello, 11 + 32 + 1 + 32 + 2 + 2 + 2);
        Assert.Equal([0x00, 0x02, 0x00, 0x18], extensions[0x000A]);
        Assert.Equal([0x00, 0x00], extensions[0x0033]);
        Assert.Equal([1, 0, 0, 0, 0], extensions[0x0005]);
    }

    [Fact]
    public void Build_Ssl3_HasNoExtensionsAndAnSsl3Record()
    {
        byte[] hello = ClientHelloBuilder.Build(TlsVersion.Ssl30, [0x000A], "localhost");

        Assert.Equal([0x16, 0x03, 0x00], hello[..3]);
        Assert.Equal([0x03, 0x00], hello[9..11]);
        Assert.Equal(11 + 32 + 1 + 32 + 2 + 2 + 2, hello.Length);
    }

    [Fact]
    public void Build_IpAddress_SendsNoSni_AndCompressionProbeOffersDeflate()
    {
        byte[] hello = ClientHelloBuilder.Build(TlsVersion.Tls12, [0xC02B], "127.0.0.1", offerCompression: true);

        int at = 11 + 32 + 1 + 32 + 2 + 2;
        Assert.Equal([2, 1, 0], hello[at..(at + 3)]);
        Assert.DoesNotContain(0x0000, ExtensionsOf(hello, at + 3).Keys);
    }

    private static Dictionary<int, byte[]> ExtensionsOf(byte[] hello, int at)
    {
        int end = at + 2 + BinaryPrimitives.ReadUInt16BigEndian(hello.AsSpan(at));
        Assert.Equal(hello.Length, end);
        var found = new Dictionary<int, byte[]>();
        for (int i = at + 2; i < end;)
        {
            int type = BinaryPrimitives.ReadUInt16BigEndian(hello.AsSpan(i));
            int length = BinaryPrimitives.ReadUInt16BigEndian(hello.AsSpan(i + 2));
            found[type] = hello[(i + 4)..(i + 4 + length)];
            i += 4 + length;
        }

        return found;
    }
}
