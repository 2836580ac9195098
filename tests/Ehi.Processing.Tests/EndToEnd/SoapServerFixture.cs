using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Ehi.Processing.Configuration;
using Ehi.Processing.Decisions;
using Ehi.Processing.Ledger;
using Ehi.Storage.Sqlite;
using Ehi.Testing;

namespace Ehi.Processing.Tests.EndToEnd;

/// <summary>The real server over mTLS with the built-in ledger, one ProductID per mode (1-4) and
/// approve-with-load on, so one server produces every kind of answer in every mode.</summary>
public sealed class SoapServerFixture : IAsyncLifetime
{
    public const long Card = 107419774;

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("ehi-soap-");
    private SqliteStore? _journal;
    private long _nextTxn = 7_000_000_000;

    public TestPki Pki { get; } = new();

    public TestServer Server { get; private set; } = null!;

    public CardAdministration Cards { get; private set; } = null!;

    public SqliteStore Journal => _journal!;

    public long NextTxn() => Interlocked.Increment(ref _nextTxn);

    public async Task InitializeAsync()
    {
        _journal = SqliteStore.Open(_data.FullName);
        var options = new ProcessingOptions
        {
            Provider = DecisionProviderKind.Ledger,
            Budget = TimeSpan.FromSeconds(10),
            ProductModes = new() { ["1"] = EhiMode.Gateway, ["2"] = EhiMode.Cooperative, ["3"] = EhiMode.FullService, ["4"] = EhiMode.GatewayWithStip },
        };
        Server = await TestServer.StartAsync(Pki, null, services: s =>
            s.AddEhiProcessing(options, _journal, new LedgerOptions { ApproveWithLoad = true }, _ => new StaticDecisionProvider(options.Static)));
        Cards = new CardAdministration(_journal, TimeProvider.System);
        Assert.True(await Cards.CreateAsync(Card, "826", 2425.63m, CardStatuses.Active, CancellationToken.None));
    }

    /// <summary>Sends <paramref name="json"/> re-written as SOAP; the answer has passed the schema check when it returns.</summary>
    public async Task<HttpAnswer> SendSoapAsync(string json, bool soap12, string operation = "GetTransaction")
    {
        await using var connection = await Server.Client(Pki, Pki.Client).OpenAsync();
        XNamespace envelope = soap12 ? "http://www.w3.org/2003/05/soap-envelope" : "http://schemas.xmlsoap.org/soap/envelope/";
        XNamespace t = "http://tempuri.org/";
        var fields = JsonDocument.Parse(json).RootElement.EnumerateObject()
            .Select(p => new XElement(t + p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText()));
        string xml = new XDocument(new XElement(envelope + "Envelope", new XAttribute(XNamespace.Xmlns + "soap", envelope), new XElement(envelope + "Body", new XElement(t + operation, fields)))).ToString();
        byte[] payload = Encoding.UTF8.GetBytes(xml);
        string type = soap12 ? $"application/soap+xml; charset=utf-8; action=\"http://tempuri.org/{operation}\"" : "text/xml; charset=utf-8";
        string action = soap12 ? string.Empty : $"soapaction: \"http://tempuri.org/{operation}\"\r\n";
        string head = $"POST /ehi HTTP/1.1\r\nHost: localhost\r\nContent-Type: {type}\r\n{action}Content-Length: {payload.Length}\r\n\r\n";
        await connection.Stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await connection.Stream.WriteAsync(payload);
        var answer = await HttpAnswer.ReadAsync(connection.Stream, CancellationToken.None);
        Assert.True(answer.Status == 200, $"{answer.Status} {answer.Body}");
        return answer;
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await _journal!.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Pki.Dispose();
        _data.Delete(recursive: true);
    }
}
