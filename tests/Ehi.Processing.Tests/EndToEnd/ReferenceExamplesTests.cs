using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Ehi.Core.Handling;
using Ehi.Processing.Configuration;
using Ehi.Processing.Decisions;
using Ehi.Processing.Journal;
using Ehi.Storage.Sqlite;
using Ehi.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Ehi.Processing.Tests.EndToEnd;

/// <summary>The reference's example messages (§8) through the real server over mTLS, in JSON and
/// in SOAP 1.1, each with its expected answer.</summary>
public sealed class ReferenceExamplesTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TestPki _pki = new();
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("ehi-e2e-");
    private TestServer? _server;
    private SqliteStore? _journal;

    public static TheoryData<string, string, string> Examples() => new()
    {
        { "auth", Messages.Auth(6155805913), """{"Acknowledgement":"1","Responsestatus":"00"}""" },
        { "reversal", Messages.Reversal(6155806244), """{"Acknowledgement":"1","Responsestatus":"00"}""" },
        { "presentment", Messages.Presentment(6153911206), """{"Acknowledgement":"1"}""" },
        { "load", Messages.Load(6153911300), """{"Acknowledgement":"1"}""" },
        {
            "balance enquiry",
            """{"MTID":"0100","Txn_Type":"A","TXn_ID":6155809000,"Token":107419774,"Proc_Code":"300000","Bill_Amt":0,"Authorised_by_GPS":"N","SendingAttemptCount":0}""",
            """{"Acknowledgement":"1","Responsestatus":"00","CurBalance":2425.63,"AvlBalance":2425.63}"""
        },
        { "cut-off", Messages.CutOff(38077, 6154805771, 6154809999, 0, 0, 0), """{"Acknowledgement":"1"}""" },
    };

    public async Task InitializeAsync()
    {
        _journal = SqliteStore.Open(_data.FullName);
        var options = new ProcessingOptions { Budget = TimeSpan.FromSeconds(10), Static = { Balance = 2425.63m } };
        _server = await TestServer.StartAsync(_pki, output, services: s =>
        {
            s.AddSingleton(options);
            s.AddEhiProcessing(options, _journal, new Ehi.Processing.Ledger.LedgerOptions(), _ => new StaticDecisionProvider(options.Static));
        });
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Example_Json_GetsTheExpectedAnswer(string name, string body, string expected)
    {
        var answer = await _server!.Client(_pki, _pki.Client).PostAsync("/ehi", body);

        Assert.True(answer.Status == 200, $"{name}: {answer.Status} {answer.Body}");
        Assert.Equal(expected, answer.Body);
        Assert.Equal("application/json", answer.Header("Content-Type"));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Example_Soap_GetsTheSameAnswerInXml(string name, string body, string expected)
    {
        // Given the same example as a SOAP 1.1 request
        bool cutOff = name == "cut-off";
        await using var connection = await _server!.Client(_pki, _pki.Client).OpenAsync();
        string xml = ToSoap(body, cutOff ? "Cut_Off" : "GetTransaction");
        var answer = await SendSoapAsync(connection, xml, cutOff ? "Cut_Off" : "GetTransaction");

        // Then the answer carries the same fields in XML, with no namespace but the envelope's and tempuri's
        Assert.Equal(200, answer.Status);
        var document = XDocument.Parse(answer.Body);
        Assert.Equal(
            ["http://schemas.xmlsoap.org/soap/envelope/", "http://tempuri.org/"],
            document.Descendants().Select(e => e.Name.NamespaceName).Distinct().Order().ToArray());
        XNamespace t = "http://tempuri.org/";
        if (cutOff)
        {
            Assert.Equal("1", document.Descendants(t + "Cut_OffResult").Single().Value);
            return;
        }

        // Every field of the JSON answer with the same value; the schema's required numbers the JSON
        // leaves out are 0 (the schema check in HttpAnswer has already passed).
        var fields = document.Descendants(t + "GetTransactionResult").Single().Elements().ToDictionary(e => e.Name.LocalName, e => e.Value);
        var json = JsonDocument.Parse(expected).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());
        Assert.Equal(json, fields.Where(f => json.ContainsKey(f.Key)).ToDictionary());
        Assert.All(fields.Where(f => !json.ContainsKey(f.Key)), f => Assert.Equal("0", f.Value));
    }

    [Fact]
    public async Task GuideProbe_FooBar_Gets200Acknowledgement0_AndIsNotJournalled()
    {
        var answer = await _server!.Client(_pki, _pki.Client).PostAsync("/ehi", """{"foo": "bar"}""");

        Assert.Equal((200, """{"Acknowledgement":"0"}"""), (answer.Status, answer.Body));
        await foreach (var _ in _journal!.ListAsync(new JournalQuery(), CancellationToken.None))
        {
            Assert.Fail("the probe must not be journalled");
        }
    }

    [Fact]
    public async Task Malformed_OverMtls_Is400ProblemDocument()
    {
        var answer = await _server!.Client(_pki, _pki.Client).PostAsync("/ehi", """{"TXn_ID": 1.5}""");

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.Header("Content-Type"));
        Assert.Contains("urn:ehi:problem:wrong-field-type", answer.Body, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _server!.DisposeAsync();
        await _journal!.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _pki.Dispose();
        _data.Delete(recursive: true);
    }

    private static string ToSoap(string json, string operation)
    {
        XNamespace soap = "http://schemas.xmlsoap.org/soap/envelope/";
        XNamespace t = "http://tempuri.org/";
        var fields = JsonDocument.Parse(json).RootElement.EnumerateObject()
            .Select(p => new XElement(t + p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText()));
        return new XDocument(new XElement(soap + "Envelope", new XAttribute(XNamespace.Xmlns + "soap", soap), new XElement(soap + "Body", new XElement(t + operation, fields)))).ToString();
    }

    private static async Task<HttpAnswer> SendSoapAsync(MtlsConnection connection, string xml, string operation)
    {
        byte[] payload = Encoding.UTF8.GetBytes(xml);
        string head = $"POST /ehi HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml; charset=utf-8\r\nsoapaction: \"http://tempuri.org/{operation}\"\r\nContent-Length: {payload.Length}\r\n\r\n";
        await connection.Stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await connection.Stream.WriteAsync(payload);
        return await HttpAnswer.ReadAsync(connection.Stream, CancellationToken.None);
    }
}
