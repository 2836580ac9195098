using System.Diagnostics;
using System.Text;
using CsCheck;
using Ehi.Core.Handling;
using Ehi.Processing.Tests.Storage;
using Xunit.Abstractions;

namespace Ehi.Processing.Tests;

/// <summary>Property tests of the JSON and SOAP readers through the processor: generated inputs
/// (valid messages with hostile field values, byte-level mutations of valid messages, random bytes)
/// are each answered 200 or 4xx, never 500, and no exception escapes. CsCheck generates them from a
/// fixed seed, so a failure is replayed exactly; each run is bounded in count and time.</summary>
public sealed class ReaderPropertyTests(ITestOutputHelper output)
{
    private const int MaxInputs = 1_500;
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(25);

    // Every lexical oddity the outside test and xsd:decimal/int/long allow or refuse, plus type confusions.
    private static readonly string[] JsonValues =
    [
        "+5", "5.", ".5", "-0", "1e-28", "1E400", "123456789012345678901234567890", "-9223372036854775809", "0.001",
        "true", "null", "[]", "{}", "[1,2]", "\"\"", "\"+5\"", "\"5.\"", "\"\\ud800\"", "\"\\u0000\"", "\"826\"", "\"xx\"", "\"٣\"",
    ];

    private static readonly string[] XmlValues =
    [
        "+5", ".5", "5.", "-0", " 5 ", "1E2", "", "NaN", "INF", "-", "+", ".", "0x10", "99999999999999999999", "1,000.00",
        "0.0000000000000000000000000001", "&lt;", "&#0;", "٣", "-12.50", "5.0", "<![CDATA[7]]>", "<x/>",
    ];

    private static readonly string[] Fields =
    [
        "MTID", "Txn_Type", "TXn_ID", "Token", "Bill_Amt", "Bill_Ccy", "Txn_Amt", "Txn_CCy", "Fee_Fixed", "SendingAttemptCount",
        "ProductID", "Proc_Code", "Settle_Amt", "Settle_Ccy", "Response_Source_Why", "Txn_GPS_Date", "FX_Pad", "MCC_Pad",
    ];

    [Fact]
    public Task JsonReader_AnswersEveryGeneratedInputWith200Or4xx() =>
        CheckAsync(Gen.Frequency(
            (4, HostileFields(json: true)),
            (4, Mutated(Messages.Auth(6_155_805_913))),
            (1, Gen.Byte.Array[0, 300])), "application/json", new PCG(1, 20_261_202));

    [Fact]
    public Task SoapReader_AnswersEveryGeneratedInputWith200Or4xx() =>
        CheckAsync(Gen.Frequency(
            (4, HostileFields(json: false)),
            (4, Mutated(Soap(string.Empty))),
            (1, Gen.Byte.Array[0, 300])), "text/xml; charset=utf-8", new PCG(2, 20_261_202));

    private async Task CheckAsync(Gen<byte[]> inputs, string contentType, PCG seed)
    {
        await using var fixture = new ProcessorFixture(SqliteStores.Instance, output);
        var watch = Stopwatch.StartNew();
        var statuses = new SortedDictionary<int, int>();
        int tried = 0;
        for (; tried < MaxInputs && watch.Elapsed < TimeBound; tried++)
        {
            byte[] body = inputs.Generate(seed, null, out _);
            EhiAnswer answer;
            try
            {
                answer = await fixture.Processor.HandleAsync(new EhiRequest(body, contentType, null, null, "THUMB", DateTimeOffset.UtcNow), CancellationToken.None);
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"input {tried} threw {ex.GetType().Name}: {ex.Message}\n{Printable(body)}");
            }

            Assert.True(answer.StatusCode == 200 || answer.StatusCode is >= 400 and < 500, $"input {tried} got {answer.StatusCode}: {Encoding.UTF8.GetString(answer.Body.Span)}\n{Printable(body)}");
            statuses[answer.StatusCode] = statuses.GetValueOrDefault(answer.StatusCode) + 1;
        }

        output.WriteLine($"{tried} inputs in {watch.Elapsed.TotalSeconds:0.0} s: " + string.Join(", ", statuses.Select(s => $"{s.Key} x{s.Value}")));
        Assert.True(tried >= 200, $"only {tried} inputs within the time bound");
        Assert.True(statuses.Count > 1, "every input got the same status: the generator does not reach both accepted and refused inputs");
    }

    // A valid message whose fields are overwritten by one to three hostile values.
    private static Gen<byte[]> HostileFields(bool json) =>
        Gen.Select(Gen.OneOf(Fields), Gen.OneOf(json ? JsonValues : XmlValues)).Array[1, 3].Select(overrides =>
        {
            if (!json)
            {
                return Encoding.UTF8.GetBytes(Soap(string.Concat(overrides.Select(o => $"<{o.Item1}>{o.Item2}</{o.Item1}>"))));
            }

            // Later keys are added as duplicates when they repeat one already present: both are useful inputs.
            string extra = string.Concat(overrides.Select(o => $",\"{o.Item1}\":{o.Item2}"));
            string auth = Messages.Auth(6_155_805_913).TrimEnd();
            return Encoding.UTF8.GetBytes(auth[..^1] + extra + "}");
        });

    // Byte-level mutations of a valid message: replace, insert, delete, truncate.
    private static Gen<byte[]> Mutated(string valid) =>
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 100_000], Gen.Byte).Array[1, 6].Select(mutations =>
        {
            var bytes = new List<byte>(Encoding.UTF8.GetBytes(valid));
            foreach (var (op, at, value) in mutations)
            {
                int i = bytes.Count == 0 ? 0 : at % bytes.Count;
                switch (op)
                {
                    case 0 when bytes.Count > 0:
                        bytes[i] = value;
                        break;
                    case 1:
                        bytes.Insert(i, value);
                        break;
                    case 2 when bytes.Count > 0:
                        bytes.RemoveAt(i);
                        break;
                    case 3:
                        bytes.RemoveRange(i, bytes.Count - i);
                        break;
                }
            }

            return bytes.ToArray();
        });

    private static string Soap(string fields) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
        <GetTransaction xmlns="http://tempuri.org/"><MTID>0100</MTID><Txn_Type>A</Txn_Type><TXn_ID>6155805914</TXn_ID><Token>107419774</Token><Proc_Code>000000</Proc_Code><Bill_Amt>-12.50</Bill_Amt><Bill_Ccy>826</Bill_Ccy>{fields}</GetTransaction>
        </soap:Body></soap:Envelope>
        """;

    private static string Printable(byte[] body) => Convert.ToBase64String(body) + " (base64): " + Encoding.UTF8.GetString(body);
}
