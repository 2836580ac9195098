using System.Globalization;
using System.Net.Security;
using System.Security.Authentication;
using System.Text;

namespace Ehi.Testing;

/// <summary>One HTTP/1.1 response read from a stream (Content-Length bodies, as ehi sends them).</summary>
public sealed record HttpAnswer(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public SslProtocols Protocol { get; init; }

    public TlsCipherSuite CipherSuite { get; init; }

    public bool ClosedByServer { get; init; }

    public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;

    public static async Task<HttpAnswer> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(head))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new IOException("The server closed the connection before a complete response.");
            }

            head.Add(one[0]);
        }

        string[] lines = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        int status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon]] = line[(colon + 1)..].Trim();
        }

        int length = headers.TryGetValue("Content-Length", out string? cl) ? int.Parse(cl, CultureInfo.InvariantCulture) : 0;
        byte[] body = new byte[length];
        await stream.ReadExactlyAsync(body, cancellationToken);
        var answer = new HttpAnswer(status, headers, Encoding.UTF8.GetString(body));
        if (status == 200 && SoapAnswerSchema.IsSoap(answer.Header("Content-Type")))
        {
            // Every SOAP answer a test reads is checked against the response schema.
            SoapAnswerSchema.AssertValid(answer.Body, answer.Header("Content-Type")!);
        }

        return answer;
    }

    private static bool EndsWithBlankLine(List<byte> bytes) =>
        bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n';
}
