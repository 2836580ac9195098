using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Ehi.Simulate.Wire;

/// <summary>One keep-alive HTTP/1.1 connection over mTLS, as Thredd's gateway would open it.</summary>
public sealed class EhiConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly SslStream _ssl;
    private readonly Uri _url;
    private readonly byte[] _buffer = new byte[16384];

    internal EhiConnection(TcpClient tcp, SslStream ssl, Uri url)
    {
        _tcp = tcp;
        _ssl = ssl;
        _url = url;
    }

    /// <summary>True once the server closed the connection (after a refusal, for instance).</summary>
    public bool Closed { get; private set; }

    /// <summary>POSTs a body and reads the answer.</summary>
    public async Task<EhiReply> PostAsync(byte[] body, string contentType, string? soapAction, CancellationToken cancellationToken)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"POST {_url.PathAndQuery} HTTP/1.1\r\nHost: {_url.Authority}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\n");
        if (soapAction is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"soapaction: \"{soapAction}\"\r\n");
        }

        head.Append("\r\n");
        await _ssl.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken).ConfigureAwait(false);
        await _ssl.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<EhiReply> ReadAsync(CancellationToken cancellationToken)
    {
        int filled = 0;
        while (true)
        {
            if (filled == _buffer.Length)
            {
                throw new IOException("The answer is larger than 16 KiB.");
            }

            int n = await _ssl.ReadAsync(_buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                Closed = true;
                throw new IOException("The server closed the connection before answering.");
            }

            filled += n;
            int headerEnd = _buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);
            if (headerEnd < 0)
            {
                continue;
            }

            string head = Encoding.ASCII.GetString(_buffer, 0, headerEnd);
            string[] lines = head.Split("\r\n");
            int status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
            int length = 0;
            string contentType = string.Empty;
            foreach (string line in lines.Skip(1))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                string name = line[..colon].Trim();
                string value = line[(colon + 1)..].Trim();
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    length = int.Parse(value, CultureInfo.InvariantCulture);
                }
                else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    contentType = value;
                }
                else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase) && value.Equals("close", StringComparison.OrdinalIgnoreCase))
                {
                    Closed = true;
                }
            }

            int bodyStart = headerEnd + 4;
            while (filled < bodyStart + length)
            {
                int m = await _ssl.ReadAsync(_buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (m == 0)
                {
                    throw new IOException("The server closed the connection in the middle of an answer.");
                }

                filled += m;
            }

            return new EhiReply(status, contentType, _buffer.AsSpan(bodyStart, length).ToArray());
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _ssl.DisposeAsync().ConfigureAwait(false);
        _tcp.Dispose();
    }
}
