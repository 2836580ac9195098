using System.Text;
using BenchmarkDotNet.Attributes;
using Ehi.Core.Classification;
using Ehi.Core.Codec;
using Ehi.Core.Handling;
using Ehi.Core.Messages;

namespace Ehi.Benchmarks;

/// <summary>What every message costs before and after the journal: reading the request (JSON and
/// SOAP 1.1), classifying it, and encoding the answer. Allocations are reported with the time.</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private static readonly byte[] Json = Encoding.UTF8.GetBytes("""
        {"MTID":"0100","Txn_Type":"A","Txn_Stat_Code":"A","TXn_ID":6153911206,"Token":107419774,
         "traceid_lifecycle":"VIS1-20250301-6153911206","Trans_link":"250301002517622180","Proc_Code":"000000","auth_type":"0",
         "Bill_Amt":-12.5000,"Bill_Ccy":"826","Txn_Amt":12.5000,"Txn_CCy":"826","Fee_Fixed":0.2500,"Merch_ID_DE42":"000000000123456",
         "MCC_Code":"5812","Authorised_by_GPS":"N","SendingAttemptCount":0,"ProductID":99883,"POS_Data_DE61":"0000000000300826",
         "Txn_GPS_Date":"2025-03-01 07:28:37.526","Avl_Bal":1000.00,"Cur_Bal":1000.00}
        """);

    private static readonly byte[] Soap = Encoding.UTF8.GetBytes("""
        <?xml version="1.0" encoding="utf-8"?>
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
          <GetTransaction xmlns="http://tempuri.org/">
            <MTID>0100</MTID><Txn_Type>A</Txn_Type><Txn_Stat_Code>A</Txn_Stat_Code><TXn_ID>6153911206</TXn_ID><Token>107419774</Token>
            <traceid_lifecycle>VIS1-20250301-6153911206</traceid_lifecycle><Trans_link>250301002517622180</Trans_link>
            <Proc_Code>000000</Proc_Code><Bill_Amt>-12.5000</Bill_Amt><Bill_Ccy>826</Bill_Ccy><Txn_Amt>12.5000</Txn_Amt><Txn_CCy>826</Txn_CCy>
            <MCC_Code>5812</MCC_Code><Authorised_by_GPS>N</Authorised_by_GPS><SendingAttemptCount>0</SendingAttemptCount><ProductID>99883</ProductID>
            <Txn_GPS_Date>2025-03-01 07:28:37.526</Txn_GPS_Date>
          </GetTransaction>
        </soap:Body></soap:Envelope>
        """);

    private static readonly GetTransactionResponse Approved = new() { ResponseStatus = "00", AvlBalance = 987.25m, CurBalance = 1000.00m };

    private readonly EhiRequest _json = new(Json, "application/json", null, null, null, DateTimeOffset.UnixEpoch);
    private readonly EhiRequest _soap = new(Soap, "text/xml; charset=utf-8", "\"http://tempuri.org/GetTransaction\"", null, null, DateTimeOffset.UnixEpoch);
    private GetTransaction _message = null!;

    /// <summary>Parses the JSON sample once for the classification benchmark.</summary>
    [GlobalSetup]
    public void Setup()
    {
        if (EhiCodec.Parse(_json) is not ParsedMessage.Transaction parsed || EhiCodec.Parse(_soap) is not ParsedMessage.Transaction)
        {
            throw new InvalidOperationException("the samples must parse as transactions");
        }

        _message = parsed.Message;
    }

    /// <summary>Reads a JSON authorisation.</summary>
    [Benchmark(Baseline = true)]
    public ParsedMessage ParseJson() => EhiCodec.Parse(_json);

    /// <summary>Reads the same authorisation in SOAP 1.1.</summary>
    [Benchmark]
    public ParsedMessage ParseSoap() => EhiCodec.Parse(_soap);

    /// <summary>Decides what kind of message it is (reference §3).</summary>
    [Benchmark]
    public MessageKind Classify() => MessageClassifier.Classify(_message);

    /// <summary>Writes an approval in JSON.</summary>
    [Benchmark]
    public byte[] EncodeJson() => EhiCodec.Encode(Approved, MessageFlavour.Json).Body;

    /// <summary>Writes the approval in SOAP 1.1.</summary>
    [Benchmark]
    public byte[] EncodeSoap() => EhiCodec.Encode(Approved, MessageFlavour.Soap11).Body;
}
