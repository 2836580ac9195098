using System.Text;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Server.Tests.Http;

public sealed class SlowBodyTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestPki _pki = new();

    [Fact]
    public async Task BodyTrickledBelowTheMinimumRate_Gets408AndOneLogLineWithoutStackTrace()
    {
        await using var server = await TestServer.StartAsync(_pki, output);
        await using var connection = await server.Client(_pki, _pki.Client).OpenAsync();

        // Headers promise 4,000 bytes; 10 arrive, then nothing (Kestrel wants 240 bytes/s after 5 s of grace)
        await connection.Stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /ehi HTTP/1.1\r\nHost: localhost:{server.Port}\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{{\"TXn_ID\":"));
        await connection.Stream.FlushAsync();
        var answer = await HttpAnswer.ReadAsync(connection.Stream, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.Equal(408, answer.Status);
        Assert.Contains(server.Logs.Lines, l => l.Contains("Request body not received (408)", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains("   at ", StringComparison.Ordinal) || l.Contains("unhandled exception", StringComparison.OrdinalIgnoreCase));
    }

    public void Dispose() => _pki.Dispose();
}
