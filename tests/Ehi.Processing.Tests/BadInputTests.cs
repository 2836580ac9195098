using System.Text;
using Ehi.Core.Handling;
using Ehi.Processing.Tests.Storage;
using Xunit.Abstractions;

namespace Ehi.Processing.Tests;

/// <summary>The bad inputs an outside test sent: each gets a 4xx with a problem document and is
/// journalled as rejected; none gets a 500 or is lost.</summary>
public sealed class BadInputTests(ITestOutputHelper output)
{
    public static TheoryData<string, string, string, string> BadBodies => new()
    {
        { "invalid UTF-8 in a property name", "{\"TXn_\u00FF\u00FEID\":1,\"MTID\":\"0100\"}", "application/json", "urn:ehi:problem:malformed-body" },
        { "invalid UTF-8 in a value", "{\"TXn_ID\":1,\"MTID\":\"01\u00C300\"}", "application/json", "urn:ehi:problem:malformed-body" },
        { "lone surrogate escape in a name", """{"TXn_\uD800ID":1}""", "application/json", "urn:ehi:problem:malformed-body" },
        { "duplicate TXn_ID", """{"MTID":"0100","Txn_Type":"A","TXn_ID":1,"TXn_ID":2}""", "application/json", "urn:ehi:problem:duplicate-key" },
        { "duplicate Bill_Amt", """{"MTID":"0100","Txn_Type":"A","TXn_ID":1,"Bill_Amt":-1.00,"Bill_Amt":-1000000.00}""", "application/json", "urn:ehi:problem:duplicate-key" },
        { "MTID as a JSON number", """{"MTID":100,"Txn_Type":"A","TXn_ID":1}""", "application/json", "urn:ehi:problem:wrong-field-type" },
        { "Bill_Amt 1e-28 in GBP", """{"MTID":"0100","Txn_Type":"A","TXn_ID":1,"Bill_Amt":1e-28,"Bill_Ccy":"826"}""", "application/json", "urn:ehi:problem:amount-precision" },
        { "Bill_Amt with 3 decimals in GBP", """{"MTID":"0100","Txn_Type":"A","TXn_ID":1,"Bill_Amt":-1.001,"Bill_Ccy":"826"}""", "application/json", "urn:ehi:problem:amount-precision" },
        { "Txn_Amt with decimals in JPY", """{"MTID":"0100","Txn_Type":"A","TXn_ID":1,"Txn_Amt":100.5,"Txn_CCy":"392"}""", "application/json", "urn:ehi:problem:amount-precision" },
        { "SOAP Bill_Amt with an exponent", Soap("<Bill_Amt>1E2</Bill_Amt>"), "text/xml", "urn:ehi:problem:wrong-field-type" },
        { "SOAP Bill_Amt with a thousands separator", Soap("<Bill_Amt>1,000.00</Bill_Amt>"), "text/xml", "urn:ehi:problem:wrong-field-type" },
        { "SOAP Bill_Amt NaN", Soap("<Bill_Amt>NaN</Bill_Amt>"), "text/xml", "urn:ehi:problem:wrong-field-type" },
        { "SOAP Bill_Amt just a sign", Soap("<Bill_Amt>+</Bill_Amt>"), "text/xml", "urn:ehi:problem:wrong-field-type" },
        { "SOAP Bill_Amt just a point", Soap("<Bill_Amt>.</Bill_Amt>"), "text/xml", "urn:ehi:problem:wrong-field-type" },
        { "SOAP Token with a decimal point", Soap("<Token>5.0</Token>"), "text/xml", "urn:ehi:problem:wrong-field-type" },
        { "SOAP int out of range", Soap("<Response_Source_Why>99999999999</Response_Source_Why>"), "text/xml", "urn:ehi:problem:wrong-field-type" },
        { "SOAP hexadecimal", Soap("<Token>0x10</Token>"), "text/xml", "urn:ehi:problem:wrong-field-type" },
        { "SOAP duplicate element", Soap("<Bill_Amt>-1.00</Bill_Amt><Bill_Amt>-9.00</Bill_Amt>"), "text/xml", "urn:ehi:problem:duplicate-key" },
        { "SOAP Bill_Amt 1e-28 spelled out", Soap("<Bill_Amt>0.0000000000000000000000000001</Bill_Amt><Bill_Ccy>826</Bill_Ccy>"), "text/xml", "urn:ehi:problem:amount-precision" },
        { "SOAP invalid UTF-8", "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><GetTransaction xmlns=\"http://tempuri.org/\"><MTID>\u00FF</MTID></GetTransaction></soap:Body></soap:Envelope>", "text/xml", "urn:ehi:problem:malformed-body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadBody_Gets400ProblemAndIsJournalledAsRejected(string what, string latin1Body, string contentType, string problemType)
    {
        await using var fixture = new ProcessorFixture(SqliteStores.Instance, output);
        _ = what;
        byte[] body = Encoding.Latin1.GetBytes(latin1Body);

        var answer = await fixture.Processor.HandleAsync(new EhiRequest(body, contentType, null, null, "THUMB", DateTimeOffset.UtcNow), CancellationToken.None);

        Assert.Equal(400, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Contains($"\"type\":\"{problemType}\"", Encoding.UTF8.GetString(answer.Body.Span), StringComparison.Ordinal);
        var rejected = new List<Journal.RejectedMessage>();
        await foreach (var r in fixture.Journal.ListRejectedAsync(CancellationToken.None))
        {
            rejected.Add(r);
        }

        var record = Assert.Single(rejected);
        Assert.Equal(problemType, record.ProblemType);
        Assert.Equal(body, record.Body.ToArray());
    }

    [Fact]
    public async Task AmountPrecisionProblem_NamesTheField()
    {
        await using var fixture = new ProcessorFixture(SqliteStores.Instance, output);

        var answer = await fixture.SendAsync("""{"MTID":"0100","Txn_Type":"A","TXn_ID":1,"Bill_Amt":1e-28,"Bill_Ccy":"826"}""");

        Assert.Contains("Bill_Amt has more decimals than its currency allows", answer.Body, StringComparison.Ordinal);
        Assert.Contains("Bill_Ccy 826 has 2", answer.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+5", "5")]
    [InlineData(".5", "0.5")]
    [InlineData("5.", "5")]
    [InlineData("-0.50", "-0.5")]
    [InlineData(" \n 12.25 \t", "12.25")]
    [InlineData("+.5", "0.5")]
    [InlineData("007", "7")]
    public async Task SoapDecimal_EveryXsdLexicalForm_IsAccepted(string lexical, string expected)
    {
        await using var fixture = new ProcessorFixture(SqliteStores.Instance, output);

        var answer = await fixture.SendAsync(Soap($"<Bill_Amt>{lexical}</Bill_Amt><Bill_Ccy>826</Bill_Ccy>"), "text/xml; charset=utf-8");

        Assert.Equal(200, answer.Status);
        var entry = Assert.Single(await fixture.EntriesAsync(6155805913));
        var parsed = Assert.IsType<Ehi.Core.Codec.ParsedMessage.Transaction>(Ehi.Core.Codec.EhiCodec.Parse(new EhiRequest(entry.Body, entry.ContentType, null, null, null, DateTimeOffset.UtcNow)));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), parsed.Message.BillAmt);
    }

    [Theory]
    [InlineData("+107419774")]
    [InlineData("107419774")]
    [InlineData(" 107419774 ")]
    public async Task SoapLong_EveryXsdLexicalForm_IsAccepted(string lexical)
    {
        await using var fixture = new ProcessorFixture(SqliteStores.Instance, output);

        var answer = await fixture.SendAsync(Soap($"<Token>{lexical}</Token>"), "text/xml; charset=utf-8");

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task ResendInSoapOfAJsonMessage_IsAnsweredInSoapWithTheSameDecision()
    {
        await using var fixture = new ProcessorFixture(SqliteStores.Instance, output);
        var first = await fixture.SendAsync(Messages.Auth(6155805913));
        Assert.StartsWith("{", first.Body, StringComparison.Ordinal);

        var resend = await fixture.SendAsync(Soap("<Bill_Amt>-12.50</Bill_Amt><Bill_Ccy>826</Bill_Ccy><SendingAttemptCount>1</SendingAttemptCount>"), "text/xml; charset=utf-8");

        Assert.Equal(200, resend.Status);
        Assert.StartsWith("<?xml", resend.Body, StringComparison.Ordinal);
        string code = System.Text.Json.JsonDocument.Parse(first.Body).RootElement.GetProperty("Responsestatus").GetString()!;
        Assert.Contains($"<Responsestatus>{code}</Responsestatus>", resend.Body, StringComparison.Ordinal);
        Assert.Single(await fixture.EntriesAsync(6155805913));
    }

    [Fact]
    public async Task ResendInJsonOfASoapMessage_IsAnsweredInJsonWithTheSameDecision()
    {
        await using var fixture = new ProcessorFixture(SqliteStores.Instance, output);
        var first = await fixture.SendAsync(Soap("<Bill_Amt>-12.50</Bill_Amt><Bill_Ccy>826</Bill_Ccy>"), "application/soap+xml; charset=utf-8");
        Assert.StartsWith("<?xml", first.Body, StringComparison.Ordinal);

        var resend = await fixture.SendAsync(Messages.Auth(6155805913, attempt: 1));

        using var json = System.Text.Json.JsonDocument.Parse(resend.Body);
        string code = json.RootElement.GetProperty("Responsestatus").GetString()!;
        Assert.Contains($"<Responsestatus>{code}</Responsestatus>", first.Body, StringComparison.Ordinal);
        Assert.Equal("1", json.RootElement.GetProperty("Acknowledgement").GetString());
    }

    [Fact]
    public async Task ResendInTheSameFlavour_GetsTheStoredBytes()
    {
        await using var fixture = new ProcessorFixture(SqliteStores.Instance, output);
        var first = await fixture.SendAsync(Messages.Auth(6155805913));

        var resend = await fixture.SendAsync(Messages.Auth(6155805913, attempt: 1));

        Assert.Equal(first.Body, resend.Body);
    }

    private static string Soap(string fields) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
        <GetTransaction xmlns="http://tempuri.org/"><MTID>0100</MTID><Txn_Type>A</Txn_Type><TXn_ID>6155805913</TXn_ID>{(fields.Contains("<Token>", StringComparison.Ordinal) ? string.Empty : "<Token>107419774</Token>")}<Proc_Code>000000</Proc_Code>{fields}</GetTransaction>
        </soap:Body></soap:Envelope>
        """;
}
