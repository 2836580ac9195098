using Ehi.Check.Handshake;

namespace Ehi.Check.Tests.Handshake;

public sealed class ServerHelloReaderTests
{
    // A TLS 1.2 ServerHello choosing ECDHE-ECDSA-AES128-GCM-SHA256 with renegotiation_info, built by hand.
    private static readonly byte[] Tls12Hello = Convert.FromHexString(
        "1603030051" + "0200004D" + "0303" + new string('A', 64) + "20" + new string('B', 64) + "C02B" + "00" + "0005" + "FF01000100");

    // A TLS 1.3 ServerHello: legacy version 3.3, supported_versions 3.4, TLS_AES_256_GCM_SHA384.
    private static readonly byte[] Tls13Hello = Convert.FromHexString(
        "1603030052" + "0200004E" + "0303" + new string('C', 64) + "20" + new string('D', 64) + "1302" + "00" + "0006" + "002B00020304");

    [Fact]
    public void Parse_Tls12ServerHello_ReadsVersionSuiteAndRenegotiation()
    {
        var result = ServerHelloReader.Parse(Tls12Hello)!;

        Assert.True(result.IsAccepted);
        Assert.Equal(TlsVersion.Tls12, result.Version);
        Assert.Equal(0xC02B, result.CipherSuite);
        Assert.True(result.SecureRenegotiation);
        Assert.Equal(0, result.Compression);
    }

    [Fact]
    public void Parse_EmptyStatusRequest_MeansTheServerStaples()
    {
        byte[] stapling = Convert.FromHexString(
            "1603030055" + "02000051" + "0303" + new string('A', 64) + "20" + new string('B', 64) + "C02B" + "00" + "0009" + "FF01000100" + "00050000");

        Assert.True(ServerHelloReader.Parse(stapling)!.OcspStapling);
        Assert.False(ServerHelloReader.Parse(Tls12Hello)!.OcspStapling);
    }

    [Fact]
    public void Parse_Tls13ServerHello_TakesTheVersionFromSupportedVersions()
    {
        var result = ServerHelloReader.Parse(Tls13Hello)!;

        Assert.Equal(TlsVersion.Tls13, result.Version);
        Assert.Equal(0x1302, result.CipherSuite);
        Assert.False(result.SecureRenegotiation);
    }

    [Fact]
    public void Parse_Alert_IsARefusalWithItsName()
    {
        var result = ServerHelloReader.Parse(Convert.FromHexString("15030300020246"))!;

        Assert.False(result.IsAccepted);
        Assert.False(result.IsGarbage);
        Assert.Equal("alert protocol_version", result.Reason);
        Assert.Equal((byte)70, result.Alert);
    }

    [Fact]
    public void Parse_EveryTruncationOfAValidHello_NeedsMoreOrReports_NeverThrows()
    {
        for (int length = 0; length < Tls12Hello.Length; length++)
        {
            var result = ServerHelloReader.Parse(Tls12Hello.AsSpan(0, length));
            Assert.True(result is null || !result.IsAccepted, $"prefix of {length} bytes was accepted");
        }
    }

    [Fact]
    public void Parse_RandomAndMutatedBytes_NeverThrow()
    {
        var random = new Random(12345);
        for (int i = 0; i < 5000; i++)
        {
            byte[] data = i % 2 == 0 ? RandomBytes(random) : Mutate(random, i % 4 == 1 ? Tls12Hello : Tls13Hello);
            _ = ServerHelloReader.Parse(data);
        }
    }

    [Fact]
    public void Parse_HttpAnswer_IsGarbage()
    {
        var result = ServerHelloReader.Parse("HTTP/1.1 400 Bad Request\r\n"u8)!;

        Assert.True(result.IsGarbage);
    }

    [Fact]
    public async Task Read_OversizedStreamOfNonsense_StopsWithGarbage()
    {
        using var stream = new MemoryStream([0x16, 0x03, 0x03, 0xFF, 0xFF, .. new byte[70_000]]);

        var result = await ServerHelloReader.ReadAsync(stream, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.False(result.IsAccepted);
    }

    private static byte[] RandomBytes(Random random)
    {
        byte[] data = new byte[random.Next(0, 200)];
        random.NextBytes(data);
        if (data.Length > 3 && random.Next(2) == 0)
        {
            data[0] = 22;
            data[1] = 3;
        }

        return data;
    }

    private static byte[] Mutate(Random random, byte[] valid)
    {
        byte[] data = (byte[])valid.Clone();
        for (int k = random.Next(1, 6); k > 0; k--)
        {
            data[random.Next(data.Length)] = (byte)random.Next(256);
        }

        return random.Next(3) == 0 ? data[..random.Next(data.Length)] : data;
    }
}
