using System.Text;
using Ehi.Core.Codec;
using Ehi.Core.Handling;
using Ehi.Core.Messages;

namespace Ehi.Core.Tests.Codec;

public sealed class EhiCodecTests
{
    private const string Auth = """
        {"MTID":"0100","Txn_Type":"A","Txn_Stat_Code":"A","TXn_ID":6155805913,"Token":107419774,
         "traceid_lifecycle":"VIS1-20250301-381077544887139","Trans_link":"250301002517622180","Proc_Code":"000000","auth_type":"0",
         "Bill_Amt":-12.5000,"Bill_Ccy":"826","Txn_Amt":12.5000,"Txn_CCy":"826","Fee_Fixed":0.2500,
         "MCC_Code":"5812","Merch_ID_DE42":"4111           ","Authorised_by_GPS":"N","Balance_Sequence":9007199254740993,
         "Balance_Sequence_Exthost":0,"SendingAttemptCount":0,"Txn_GPS_Date":"2025-03-01 07:28:37.526","ProductID":99883,
         "GPS_POS_Data":"4\u0000\u00000","Brand_New_Field":{"x":1}}
        """;

    [Fact]
    public void Parse_JsonAuthorisation_ReadsTypesExactly()
    {
        var parsed = Assert.IsType<ParsedMessage.Transaction>(EhiCodec.Parse(Request(Auth, "application/json")));
        var m = parsed.Message;

        Assert.Equal(6155805913, m.TxnId);
        Assert.Equal(-12.5m, m.BillAmt);
        Assert.Equal(9007199254740993, m.BalanceSequence); // not double-safe: must not round
        Assert.Equal(new DateTime(2025, 3, 1, 7, 28, 37, 526), m.TxnGpsDate);
        Assert.Equal("4111           ", m.MerchIdDe42);
        Assert.Equal("4  0", m.GpsPosData);
        Assert.True(m.Extra!.ContainsKey("Brand_New_Field"));
        Assert.Equal(MessageFlavour.Json, parsed.Flavour);
    }

    [Fact]
    public void Parse_VisaMtidWithTrailingSpaces_IsTrimmed()
    {
        var parsed = Assert.IsType<ParsedMessage.Transaction>(EhiCodec.Parse(Request("""{"MTID":"05  ","Txn_Type":"P","TXn_ID":1}""", "application/json")));

        Assert.Equal("05", parsed.Message.Mtid);
    }

    [Fact]
    public void Parse_FieldNamesAreCaseSensitive()
    {
        // "txn_id" is not "TXn_ID": the message has no key.
        var parsed = Assert.IsType<ParsedMessage.Malformed>(EhiCodec.Parse(Request("""{"txn_id":1,"MTID":"0100"}""", "application/json")));

        Assert.Equal("urn:ehi:problem:missing-key", parsed.Problem.Type);
    }

    [Theory]
    [InlineData("""{"TXn_ID":"12"}""", "urn:ehi:problem:wrong-field-type", "TXn_ID must be an integer.")]
    [InlineData("""{"TXn_ID":1,"Bill_Amt":"ten"}""", "urn:ehi:problem:wrong-field-type", "Bill_Amt must be a number.")]
    [InlineData("""{"TXn_ID":1,"Txn_GPS_Date":"yesterday"}""", "urn:ehi:problem:wrong-field-type", "Txn_GPS_Date must be a date yyyy-MM-dd HH:mm:ss.fff.")]
    [InlineData("""{"MTID":"0100"}""", "urn:ehi:problem:missing-key", "A GetTransaction message must carry TXn_ID.")]
    [InlineData("""{"TXn_ID":1""", "urn:ehi:problem:malformed-body", null)]
    [InlineData("""[1,2]""", "urn:ehi:problem:malformed-body", "The body is not a JSON object.")]
    [InlineData("""{"CutOffId":"x"}""", "urn:ehi:problem:wrong-field-type", "CutOffId must be an integer.")]
    public void Parse_BadJson_GivesTheRightProblem(string body, string type, string? detail)
    {
        var parsed = Assert.IsType<ParsedMessage.Malformed>(EhiCodec.Parse(Request(body, "application/json")));

        Assert.Equal(type, parsed.Problem.Type);
        if (detail is not null)
        {
            Assert.Equal(detail, parsed.Problem.Detail);
        }
    }

    [Fact]
    public void Parse_GuideProbe_IsAConnectivityProbe()
    {
        Assert.IsType<ParsedMessage.ConnectivityProbe>(EhiCodec.Parse(Request("""{"foo": "bar"}""", "application/json")));
    }

    [Theory]
    [InlineData("""{"CutOffId":38077,"ProductId":99883,"FirstTransactionId":1,"LastTransactionId":9,"AuthsAcknowledged":120,"FinancialsNotAcknowledged":1}""")]
    [InlineData("""{"CutoffID":38077,"ProductID":99883,"FirstTxn_ID":1,"LastTxn_ID":9,"Auths_Acknowledged":120,"Financials_NotAcknowledged":1}""")]
    public void Parse_CutOff_BothSpellings(string body)
    {
        var parsed = Assert.IsType<ParsedMessage.CutOffSummary>(EhiCodec.Parse(Request(body, "application/json")));

        Assert.Equal(38077, parsed.Message.Id);
        Assert.Equal(99883, parsed.Message.ProductId);
        Assert.Equal((1L, 9L), (parsed.Message.FirstTransactionId!.Value, parsed.Message.LastTransactionId!.Value));
        Assert.Equal(new AckCount(120, 0), parsed.Message.Counts.Auths);
        Assert.Equal(new AckCount(0, 1), parsed.Message.Counts.Financials);
    }

    [Theory]
    [InlineData("http://schemas.xmlsoap.org/soap/envelope/", "text/xml; charset=utf-8", MessageFlavour.Soap11)]
    [InlineData("http://www.w3.org/2003/05/soap-envelope", "application/soap+xml; charset=utf-8", MessageFlavour.Soap12)]
    public void Parse_SoapGetTransaction_MapsOntoTheSameModel(string envelope, string contentType, MessageFlavour flavour)
    {
        string xml = $"""
            <?xml version="1.0" encoding="utf-8"?>
            <soap:Envelope xmlns:soap="{envelope}"><soap:Body>
              <GetTransaction xmlns="http://tempuri.org/">
                <MTID>05  </MTID><Txn_Type>P</Txn_Type><TXn_ID>6153911206</TXn_ID><Token>107916050</Token>
                <Bill_Amt>-50.00</Bill_Amt><Note></Note><Txn_GPS_Date>2025-03-12 10:00:00.000</Txn_GPS_Date>
              </GetTransaction>
            </soap:Body></soap:Envelope>
            """;

        var parsed = Assert.IsType<ParsedMessage.Transaction>(EhiCodec.Parse(Request(xml, contentType)));

        Assert.Equal(flavour, parsed.Flavour);
        Assert.Equal(6153911206, parsed.Message.TxnId);
        Assert.Equal("05", parsed.Message.Mtid);
        Assert.Equal(-50m, parsed.Message.BillAmt);
        Assert.Null(parsed.Message.Note);
    }

    [Fact]
    public void Parse_SoapNumberFieldWithText_IsWrongType()
    {
        string xml = """<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetTransaction xmlns="http://tempuri.org/"><TXn_ID>abc</TXn_ID></GetTransaction></soap:Body></soap:Envelope>""";

        var parsed = Assert.IsType<ParsedMessage.Malformed>(EhiCodec.Parse(Request(xml, "text/xml")));

        Assert.Equal("urn:ehi:problem:wrong-field-type", parsed.Problem.Type);
    }

    [Fact]
    public void Parse_SoapCutOff_IsACutOff()
    {
        string xml = """<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><Cut_Off xmlns="http://tempuri.org/"><CutoffID>5</CutoffID><FirstTxn_ID>1</FirstTxn_ID><LastTxn_ID>2</LastTxn_ID><Auths_Acknowledged>2</Auths_Acknowledged></Cut_Off></soap:Body></soap:Envelope>""";

        var parsed = Assert.IsType<ParsedMessage.CutOffSummary>(EhiCodec.Parse(Request(xml, "text/xml", "\"http://tempuri.org/Cut_Off\"")));

        Assert.Equal(5, parsed.Message.Id);
    }

    [Fact]
    public void Parse_XmlWithDtd_IsRefused()
    {
        string xml = """<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body/></soap:Envelope>""";

        Assert.IsType<ParsedMessage.Malformed>(EhiCodec.Parse(Request(xml, "text/xml")));
    }

    [Fact]
    public void Encode_Json_OmitsNullsAndWritesAcknowledgementAsString()
    {
        var (body, type) = EhiCodec.Encode(new GetTransactionResponse { ResponseStatus = "10", BillAmtApproved = 50.00m }, MessageFlavour.Json);

        Assert.Equal("application/json", type);
        Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"10","Bill_Amt_Approved":50.00}""", Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void Encode_Soap11_HasOnlyTheEnvelopeAndTempuriNamespaces()
    {
        var (body, type) = EhiCodec.Encode(new GetTransactionResponse { ResponseStatus = "00" }, MessageFlavour.Soap11);

        Assert.StartsWith("text/xml", type, StringComparison.Ordinal);
        Assert.Equal(
            """<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetTransactionResponse xmlns="http://tempuri.org/"><GetTransactionResult><Acknowledgement>1</Acknowledgement><Responsestatus>00</Responsestatus><CurBalance>0</CurBalance><AvlBalance>0</AvlBalance><LoadAmount>0</LoadAmount><Bill_Amt_Approved>0</Bill_Amt_Approved><Update_Balance>0</Update_Balance><New_Balance_Sequence_Exthost>0</New_Balance_Sequence_Exthost><CurBalance_GPS_STIP>0</CurBalance_GPS_STIP><AvlBalance_GPS_STIP>0</AvlBalance_GPS_STIP></GetTransactionResult></GetTransactionResponse></soap:Body></soap:Envelope>""",
            Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void EncodeCutOff_Soap12_AnswersCutOffResult()
    {
        var (body, type) = EhiCodec.EncodeCutOff(true, MessageFlavour.Soap12);

        Assert.StartsWith("application/soap+xml", type, StringComparison.Ordinal);
        Assert.Contains("<Cut_OffResponse xmlns=\"http://tempuri.org/\"><Cut_OffResult>1</Cut_OffResult></Cut_OffResponse>", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
    }

    private static EhiRequest Request(string body, string contentType, string? soapAction = null) =>
        new(Encoding.UTF8.GetBytes(body), contentType, soapAction, null, null, DateTimeOffset.UtcNow);
}
