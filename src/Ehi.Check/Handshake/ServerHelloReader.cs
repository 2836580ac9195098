using System.Buffers.Binary;

namespace Ehi.Check.Handshake;

/// <summary>Reads the server's first answer to a crafted ClientHello: a ServerHello (what it chose),
/// an alert (refused), or something else. Never throws on hostile or truncated input; it reports.</summary>
public static class ServerHelloReader
{
    // HelloRetryRequest is a ServerHello with this random (RFC 8446 §4.1.3).
    private static readonly byte[] RetryRandom = Convert.FromHexString("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    /// <summary>Reads from a stream until a verdict or the timeout.</summary>
    public static async Task<HelloResult> ReadAsync(Stream stream, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var buffer = new List<byte>(4096);
        var chunk = new byte[4096];
        try
        {
            while (true)
            {
                var verdict = Parse([.. buffer]);
                if (verdict is not null)
                {
                    return verdict;
                }

                int n = await stream.ReadAsync(chunk, deadline.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    return HelloResult.Refused(buffer.Count == 0 ? "connection closed without an answer" : "connection closed mid-record");
                }

                buffer.AddRange(chunk.AsSpan(0, n).ToArray());
                if (buffer.Count > 1 << 20)
                {
                    return HelloResult.Garbage("more than 1 MiB without a ServerHello");
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HelloResult.Refused("no answer before the timeout");
        }
        catch (IOException ex)
        {
            return HelloResult.Refused("connection reset: " + ex.Message);
        }
    }

    /// <summary>Parses what has arrived so far; null when more bytes are needed.</summary>
    public static HelloResult? Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < 5)
        {
            return null;
        }

        byte type = data[0];
        int length = BinaryPrimitives.ReadUInt16BigEndian(data[3..5]);
        if (type is not (21 or 22) || data[1] != 3 || length > (1 << 14) + 2048)
        {
            return HelloResult.Garbage($"not a TLS record (type {type}, version {data[1]}.{data[2]})");
        }

        if (data.Length < 5 + length)
        {
            return null;
        }

        var record = data.Slice(5, length);
        if (type == 21)
        {
            return record.Length >= 2 ? HelloResult.Refused($"alert {AlertName(record[1])}", record[1]) : HelloResult.Garbage("truncated alert");
        }

        return ParseServerHello(record);
    }

    private static HelloResult ParseServerHello(ReadOnlySpan<byte> handshake)
    {
        // The ServerHello may share its record with Certificate etc.; only the first message matters.
        if (handshake.Length < 4 || handshake[0] != 2)
        {
            return HelloResult.Garbage(handshake.Length == 0 ? "empty handshake record" : $"handshake type {handshake[0]} instead of ServerHello");
        }

        int length = (handshake[1] << 16) | (handshake[2] << 8) | handshake[3];
        if (handshake.Length < 4 + length || length < 38)
        {
            return HelloResult.Garbage("truncated ServerHello");
        }

        var body = handshake.Slice(4, length);
        ushort version = BinaryPrimitives.ReadUInt16BigEndian(body);
        bool retry = body.Slice(2, 32).SequenceEqual(RetryRandom);
        int sessionLength = body[34];
        int at = 35 + sessionLength;
        if (body.Length < at + 3)
        {
            return HelloResult.Garbage("truncated ServerHello");
        }

        ushort suite = BinaryPrimitives.ReadUInt16BigEndian(body[at..]);
        byte compression = body[at + 2];
        at += 3;
        bool secureRenegotiation = false, ocsp = false;
        if (body.Length >= at + 2)
        {
            int extensionsLength = BinaryPrimitives.ReadUInt16BigEndian(body[at..]);
            var extensions = body.Slice(at + 2, Math.Min(extensionsLength, body.Length - at - 2));
            while (extensions.Length >= 4)
            {
                ushort extType = BinaryPrimitives.ReadUInt16BigEndian(extensions);
                int extLength = BinaryPrimitives.ReadUInt16BigEndian(extensions[2..]);
                if (extensions.Length < 4 + extLength)
                {
                    return HelloResult.Garbage("truncated extension");
                }

                var data = extensions.Slice(4, extLength);
                if (extType == 0x002B && data.Length == 2)
                {
                    version = BinaryPrimitives.ReadUInt16BigEndian(data);
                }
                else if (extType == 0xFF01)
                {
                    secureRenegotiation = true;
                }
                else if (extType == 0x0005)
                {
                    ocsp = true;
                }

                extensions = extensions[(4 + extLength)..];
            }
        }

        return HelloResult.Accepted((TlsVersion)version, suite, compression, secureRenegotiation, retry) with { OcspStapling = ocsp };
    }

    private static string AlertName(byte description) => description switch
    {
        10 => "unexpected_message",
        40 => "handshake_failure",
        47 => "illegal_parameter",
        50 => "decode_error",
        70 => "protocol_version",
        71 => "insufficient_security",
        80 => "internal_error",
        86 => "inappropriate_fallback",
        112 => "unrecognized_name",
        _ => description.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
