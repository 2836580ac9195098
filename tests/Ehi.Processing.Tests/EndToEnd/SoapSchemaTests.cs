using System.Globalization;
using System.Xml.Linq;
using Ehi.Core.Classification;
using Ehi.Processing.Ledger;
using Ehi.Processing.Tests.Ledger;
using Ehi.Testing;

namespace Ehi.Processing.Tests.EndToEnd;

/// <summary>Every SOAP answer (1.1 and 1.2, every message kind, every mode) validates against the
/// EHI response schema (tests/Ehi.Testing/Schemas/ehi-response.xsd, from reference §5.1): the
/// numeric result elements are present with their real values, or 0 where nothing applies, never
/// xsi:nil, in schema order. <see cref="HttpAnswer"/> and <see cref="TestServer"/> validate each
/// answer; these tests make sure every kind of answer is produced and check the values.</summary>
public sealed class SoapSchemaTests(SoapServerFixture server) : IClassFixture<SoapServerFixture>
{
    private static readonly XNamespace T = "http://tempuri.org/";
    private static readonly string[] Numbers = ["CurBalance", "AvlBalance", "LoadAmount", "Bill_Amt_Approved", "Update_Balance", "New_Balance_Sequence_Exthost", "CurBalance_GPS_STIP", "AvlBalance_GPS_STIP"];

    public static TheoryData<int, bool> ModesAndVersions()
    {
        var data = new TheoryData<int, bool>();
        foreach (int mode in new[] { 1, 2, 3, 4 })
        {
            data.Add(mode, false);
            data.Add(mode, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ModesAndVersions))]
    public async Task EveryMessageKind_AnswersSchemaValidXml_WithZeroWhereNothingApplies(int mode, bool soap12)
    {
        // Given one message for every row of the classification table, in this mode
        foreach (var rule in MessageClassifier.Rules)
        {
            var message = MessageFor(rule, mode);

            // When it arrives as SOAP
            var answer = await server.SendSoapAsync(message.ToString(), soap12);

            // Then the answer is valid and carries every number, 0 unless the answer is about it
            string name = $"{rule.Kind} in mode {mode}, SOAP {(soap12 ? "1.2" : "1.1")}";
            Assert.True(SoapAnswerSchema.Violations(answer.Body, answer.Header("Content-Type")!).Count == 0, name);
            var result = Result(answer);
            Assert.Equal(Numbers, result.Elements().Select(e => e.Name.LocalName).Where(Numbers.Contains));
            Assert.Equal("1", result.Element(T + "Acknowledgement")?.Value);
            var shape = MessageClassifier.ShapeOf(rule.Kind);
            if (shape == AnswerShape.Decision && mode != 3 || shape == AnswerShape.Reversal)
            {
                Assert.True(result.Element(T + "Responsestatus") is not null, $"{name}: no Responsestatus");
            }

            if (rule.Kind != MessageKind.BalanceEnquiry)
            {
                Assert.True(Numbers.All(n => Number(result, n) == 0m), $"{name}: {result}");
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BalanceEnquiry_CarriesTheBalances_AndTheRestZero(bool soap12)
    {
        var enquiry = Msg.Thredd("0100", "A", server.NextTxn(), SoapServerFixture.Card, 0m).With("Proc_Code", "300000").With("ProductID", 1);

        var result = Result(await server.SendSoapAsync(enquiry.ToString(), soap12));

        var card = (await server.Journal.GetCardAsync(SoapServerFixture.Card, CancellationToken.None))!;
        Assert.Equal("00", result.Element(T + "Responsestatus")!.Value);
        Assert.Equal((card.Account.Actual, card.Account.Available), (Number(result, "CurBalance"), Number(result, "AvlBalance")));
        Assert.True(Numbers.Skip(2).All(n => Number(result, n) == 0m), result.ToString());
    }

    [Fact]
    public async Task PartialApproval_CarriesBillAmtApproved()
    {
        long token = 500_000_001;
        Assert.True(await server.Cards.CreateAsync(token, "826", 5m, CardStatuses.Active, CancellationToken.None));
        var auth = Msg.Auth(server.NextTxn(), token, 20m, "LC-PARTIAL-00001").With("GPS_POS_Capability", "1000").With("ProductID", 1);

        var result = Result(await server.SendSoapAsync(auth.ToString(), soap12: false));

        Assert.Equal("10", result.Element(T + "Responsestatus")!.Value);
        Assert.Equal(5m, Number(result, "Bill_Amt_Approved"));
        Assert.Equal(0m, Number(result, "LoadAmount"));
    }

    [Fact]
    public async Task ApproveWithLoad_Mode2_CarriesLoadAmount()
    {
        long token = 500_000_002;
        Assert.True(await server.Cards.CreateAsync(token, "826", 5m, CardStatuses.Active, CancellationToken.None));
        var auth = Msg.Auth(server.NextTxn(), token, 20m, "LC-LOAD-0000001").With("Resp_Code_DE39", "51").With("ProductID", 2);

        var result = Result(await server.SendSoapAsync(auth.ToString(), soap12: true));

        Assert.Equal("0A", result.Element(T + "Responsestatus")!.Value);
        Assert.Equal(15m, Number(result, "LoadAmount"));
        Assert.Equal(0m, Number(result, "Bill_Amt_Approved"));
    }

    [Fact]
    public async Task StipUpdate_Mode4_CarriesTheStipFields()
    {
        long token = 500_000_003;
        Assert.True(await server.Cards.CreateAsync(token, "826", 100m, CardStatuses.Active, CancellationToken.None));
        var auth = Msg.Auth(server.NextTxn(), token, 10m, "LC-STIP-0000001").With("Balance_Sequence", 114).With("Balance_Sequence_Exthost", 7).With("ProductID", 4);

        var result = Result(await server.SendSoapAsync(auth.ToString(), soap12: false));

        Assert.Equal("00", result.Element(T + "Responsestatus")!.Value);
        Assert.Equal(1m, Number(result, "Update_Balance"));
        Assert.Equal(8m, Number(result, "New_Balance_Sequence_Exthost"));
        Assert.Equal((100m, 90m), (Number(result, "CurBalance_GPS_STIP"), Number(result, "AvlBalance_GPS_STIP")));
    }

    [Fact]
    public async Task Decline_CarriesMerchantAdvice_InSchemaOrder()
    {
        long token = 500_000_004;
        Assert.True(await server.Cards.CreateAsync(token, "826", 1m, CardStatuses.Active, CancellationToken.None));
        var auth = Msg.Auth(server.NextTxn(), token, 20m, "LC-DECLINE-0001").With("ProductID", 1);

        var result = Result(await server.SendSoapAsync(auth.ToString(), soap12: false));

        Assert.Equal(["Acknowledgement", "Responsestatus", "MerchantAdvice", .. Numbers], result.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(("51", "02"), (result.Element(T + "Responsestatus")!.Value, result.Element(T + "MerchantAdvice")!.Value));
    }

    [Fact]
    public async Task Repeat_GetsTheStoredSoapAnswer_ByteForByte()
    {
        string auth = Msg.Auth(server.NextTxn(), SoapServerFixture.Card, 1m, "LC-REPEAT-00001").With("ProductID", 1).ToString();

        var first = await server.SendSoapAsync(auth, soap12: true);
        var second = await server.SendSoapAsync(auth, soap12: true);

        Assert.Equal(first.Body, second.Body);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CutOff_AnswersCutOffResult(bool soap12)
    {
        long id = server.NextTxn();
        var answer = await server.SendSoapAsync(Messages.CutOff(id, id, id, 0, 0, 0), soap12, "Cut_Off");

        Assert.Equal("1", XDocument.Parse(answer.Body).Descendants(T + "Cut_OffResult").Single().Value);
    }

    [Fact]
    public async Task JsonAnswers_StillOmitWhatTheyDoNotNeed()
    {
        long token = 500_000_005;
        Assert.True(await server.Cards.CreateAsync(token, "826", 10m, CardStatuses.Active, CancellationToken.None));
        var answer = await server.Server.Client(server.Pki, server.Pki.Client).PostAsync("/ehi", Msg.Auth(server.NextTxn(), token, 1m, "LC-JSON-0000001").With("ProductID", 1).ToString());

        Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"00"}""", answer.Body);
    }

    private static Msg MessageFor(ClassificationRule rule, int mode)
    {
        string? mtid = rule.Mtids?[0] is { Length: > 0 } m ? m : rule.Mtids is null ? "0100" : null;
        string proc = (rule.ProcPrefixes?[0] ?? "00") + "0000";
        return Msg.Thredd(mtid, rule.TxnType ?? "A", 0, SoapServerFixture.Card, -1m)
            .With("TXn_ID", Interlocked.Increment(ref s_txn))
            .With("Proc_Code", proc)
            .With("Authorised_by_GPS", rule.ByThredd == true ? "Y" : "N")
            .With("traceid_lifecycle", $"LC-KIND-{s_txn}")
            .With("Trans_link", $"TL-KIND-{s_txn}")
            .With("Txn_Stat_Code", "A")
            .With("ProductID", mode);
    }

    private static long s_txn = 8_000_000_000;

    private static XElement Result(HttpAnswer answer) => XDocument.Parse(answer.Body).Descendants(T + "GetTransactionResult").Single();

    private static decimal Number(XElement result, string name) =>
        decimal.Parse(result.Element(T + name)?.Value ?? throw new Xunit.Sdk.XunitException($"{name} missing in {result}"), CultureInfo.InvariantCulture);
}
