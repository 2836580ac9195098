using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Ehi.Testing;

/// <summary>An open TLS connection speaking HTTP/1.1, for keep-alive and hot-reload tests.</summary>
public sealed class MtlsConnection(TcpClient tcp, SslStream ssl, string host, int port) : IAsyncDisposable
{
    public SslStream Stream => ssl;

    public X509Certificate2? ServerCertificate => ssl.RemoteCertificate as X509Certificate2;

    public async Task<HttpAnswer> SendAsync(string method, string path, string? body = null, CancellationToken cancellationToken = default)
    {
        var request = new StringBuilder().Append($"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\n");
        byte[] payload = Encoding.UTF8.GetBytes(body ?? string.Empty);
        if (body is not null)
        {
            request.Append("Content-Type: application/json\r\n").Append($"Content-Length: {payload.Length}\r\n");
        }

        request.Append("\r\n");
        // Head and body in one TLS record: two small writes would wait for each other's ACK (Nagle
        // against delayed ACK, up to 40 ms on Linux), which made latency tests measure the client.
        byte[] head = Encoding.ASCII.GetBytes(request.ToString());
        byte[] message = new byte[head.Length + payload.Length];
        head.CopyTo(message, 0);
        payload.CopyTo(message, head.Length);
        await ssl.WriteAsync(message, cancellationToken);
        await ssl.FlushAsync(cancellationToken);
        var answer = await HttpAnswer.ReadAsync(ssl, cancellationToken);
        return answer with { Protocol = ssl.SslProtocol, CipherSuite = ssl.NegotiatedCipherSuite };
    }

    /// <summary>True when the server closes the connection within half a second.</summary>
    public async Task<bool> IsClosedAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(500));
        try
        {
            return await ssl.ReadAsync(new byte[1], timeout.Token) == 0;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ssl.DisposeAsync();
        tcp.Dispose();
    }
}
