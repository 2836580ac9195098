using System.Text;
using Ehi.Processing.Configuration;
using Ehi.Processing.Decisions;
using Ehi.Processing.Journal;
using Ehi.Processing.Ledger;
using Ehi.Storage.Sqlite;
using Ehi.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Ehi.Processing.Tests.EndToEnd;

/// <summary>A body over Ehi:MaxBodyBytes, sent over mTLS to the real server: answered 400 and journalled
/// as rejected with its first MaxBodyBytes bytes for the audit (an outside test found 0 bytes kept),
/// whether it announces its length or is chunked.</summary>
public sealed class OversizedBodyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Limit = 1024;
    private readonly TestPki _pki = new();
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("ehi-oversized-");
    private SqliteStore? _journal;
    private TestServer? _server;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OversizedBody_Gets400_AndItsPrefixIsJournalled(bool chunked)
    {
        string body = "{\"MTID\":\"0100\",\"TXn_ID\":42,\"Merch_Name_DE43\":\"" + new string('x', 3 * Limit) + "\"}";

        var answer = await SendAsync(body, chunked);

        Assert.Equal(400, answer.Status);
        Assert.Contains("urn:ehi:problem:body-too-large", answer.Body, StringComparison.Ordinal);
        var rejected = new List<RejectedMessage>();
        await foreach (var r in _journal!.ListRejectedAsync(CancellationToken.None))
        {
            rejected.Add(r);
        }

        var record = Assert.Single(rejected);
        Assert.Equal("urn:ehi:problem:body-too-large", record.ProblemType);
        Assert.Equal(Encoding.UTF8.GetBytes(body)[..Limit], record.Body.ToArray());
    }

    private async Task<HttpAnswer> SendAsync(string body, bool chunked)
    {
        await using var connection = await _server!.Client(_pki, _pki.Client).OpenAsync();
        byte[] payload = Encoding.UTF8.GetBytes(body);
        var head = new StringBuilder($"POST /ehi HTTP/1.1\r\nHost: localhost:{_server.Port}\r\nContent-Type: application/json\r\n");
        head.Append(chunked ? "Transfer-Encoding: chunked\r\n\r\n" : $"Content-Length: {payload.Length}\r\n\r\n");
        await connection.Stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        if (chunked)
        {
            foreach (var piece in payload.Chunk(500))
            {
                await connection.Stream.WriteAsync(Encoding.ASCII.GetBytes($"{piece.Length:x}\r\n"));
                await connection.Stream.WriteAsync(piece);
                await connection.Stream.WriteAsync("\r\n"u8.ToArray());
            }

            await connection.Stream.WriteAsync("0\r\n\r\n"u8.ToArray());
        }
        else
        {
            await connection.Stream.WriteAsync(payload);
        }

        await connection.Stream.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await HttpAnswer.ReadAsync(connection.Stream, timeout.Token);
    }

    public async Task InitializeAsync()
    {
        _journal = SqliteStore.Open(_data.FullName);
        var options = new ProcessingOptions { Provider = DecisionProviderKind.Ledger, Budget = TimeSpan.FromSeconds(10) };
        _server = await TestServer.StartAsync(_pki, output, s => s["Ehi:MaxBodyBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture), services: s =>
            s.AddEhiProcessing(options, _journal, new LedgerOptions(), _ => new StaticDecisionProvider(options.Static)));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_journal is not null)
        {
            await _journal.DisposeAsync();
        }

        _pki.Dispose();
        _data.Delete(recursive: true);
    }
}
