using System.Text;
using Ehi.Core.Codec;
using Ehi.Core.Messages;
using Ehi.Testing;

namespace Ehi.Core.Tests.Codec;

/// <summary>The encoder against the response schema for every shape of answer, and the schema
/// check itself: it must refuse what a strict WCF/JAXB client refuses, or the end-to-end checks prove nothing.</summary>
public sealed class SoapAnswerSchemaTests
{
    private const string Valid = """<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetTransactionResponse xmlns="http://tempuri.org/"><GetTransactionResult><Acknowledgement>1</Acknowledgement><Responsestatus>00</Responsestatus><CurBalance>0</CurBalance><AvlBalance>0</AvlBalance><LoadAmount>0</LoadAmount><Bill_Amt_Approved>0</Bill_Amt_Approved><Update_Balance>0</Update_Balance><New_Balance_Sequence_Exthost>0</New_Balance_Sequence_Exthost><CurBalance_GPS_STIP>0</CurBalance_GPS_STIP><AvlBalance_GPS_STIP>0</AvlBalance_GPS_STIP></GetTransactionResult></GetTransactionResponse></soap:Body></soap:Envelope>""";

    public static TheoryData<string, MessageFlavour> Answers()
    {
        var data = new TheoryData<string, MessageFlavour>();
        foreach (string name in Samples().Keys)
        {
            data.Add(name, MessageFlavour.Soap11);
            data.Add(name, MessageFlavour.Soap12);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public void Encode_EveryShapeOfAnswer_IsSchemaValid(string name, MessageFlavour flavour)
    {
        var response = Samples()[name];

        var (body, type) = EhiCodec.Encode(response, flavour);

        Assert.Empty(SoapAnswerSchema.Violations(Encoding.UTF8.GetString(body), type));
    }

    [Fact]
    public void Encode_KeepsTheValues_AndJsonStillOmits()
    {
        var response = new GetTransactionResponse { ResponseStatus = "00", UpdateBalance = 1, NewBalanceSequenceExthost = 201, CurBalanceGpsStip = 250.00m, AvlBalanceGpsStip = 237.25m };

        string xml = Encoding.UTF8.GetString(EhiCodec.Encode(response, MessageFlavour.Soap11).Body);
        string json = Encoding.UTF8.GetString(EhiCodec.Encode(response, MessageFlavour.Json).Body);

        Assert.Contains("<Update_Balance>1</Update_Balance><New_Balance_Sequence_Exthost>201</New_Balance_Sequence_Exthost><CurBalance_GPS_STIP>250.00</CurBalance_GPS_STIP><AvlBalance_GPS_STIP>237.25</AvlBalance_GPS_STIP>", xml, StringComparison.Ordinal);
        Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"00","Update_Balance":1,"New_Balance_Sequence_Exthost":201,"CurBalance_GPS_STIP":250.00,"AvlBalance_GPS_STIP":237.25}""", json);
    }

    [Fact]
    public void Schema_AcceptsAValidAnswer() => Assert.Empty(SoapAnswerSchema.Violations(Valid, "text/xml; charset=utf-8"));

    [Theory]
    [InlineData("missing number", "<LoadAmount>0</LoadAmount>", "")]
    [InlineData("xsi:nil", "<LoadAmount>0</LoadAmount>", """<LoadAmount xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" />""")]
    [InlineData("out of order", "<CurBalance>0</CurBalance><AvlBalance>0</AvlBalance>", "<AvlBalance>0</AvlBalance><CurBalance>0</CurBalance>")]
    [InlineData("not a number", "<CurBalance>0</CurBalance>", "<CurBalance>n/a</CurBalance>")]
    [InlineData("undeclared element", "<Responsestatus>00</Responsestatus>", "<Responsestatus>00</Responsestatus><Extra>1</Extra>")]
    [InlineData("wrong namespace", "xmlns=\"http://tempuri.org/\"", "xmlns=\"http://example.org/\"")]
    [InlineData("SOAP 1.2 envelope as text/xml", "http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/2003/05/soap-envelope")]
    public void Schema_RefusesWhatAStrictClientRefuses(string why, string replace, string with)
    {
        string broken = Valid.Replace(replace, with, StringComparison.Ordinal);

        Assert.True(SoapAnswerSchema.Violations(broken, "text/xml; charset=utf-8").Count > 0, why);
    }

    private static Dictionary<string, GetTransactionResponse> Samples() => new()
    {
        ["acknowledge"] = new(),
        ["resend"] = new() { Acknowledgement = "0", ResponseStatus = "96" },
        ["decline"] = new() { ResponseStatus = "51", MerchantAdvice = "02" },
        ["partial"] = new() { ResponseStatus = "10", BillAmtApproved = 50.00m },
        ["load"] = new() { ResponseStatus = "0A", LoadAmount = 12.3400m },
        ["enquiry"] = new() { ResponseStatus = "00", CurBalance = 2425.63m, AvlBalance = -3m },
        ["stip"] = new() { ResponseStatus = "00", UpdateBalance = 1, NewBalanceSequenceExthost = long.MaxValue, CurBalanceGpsStip = 250m, AvlBalanceGpsStip = 237.25m, Cvv2Result = "M" },
    };
}
