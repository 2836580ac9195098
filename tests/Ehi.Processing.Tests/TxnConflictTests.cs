using Ehi.Processing.Journal;
using Ehi.Processing.Tests.Storage;
using Xunit.Abstractions;

namespace Ehi.Processing.Tests;

/// <summary>TXn_ID content conflicts through the processor, on each backend: the repeat still gets
/// the stored answer byte for byte, and the difference is journalled with both values.</summary>
public abstract class TxnConflictTests(ITestOutputHelper output, IStoreFactory stores)
{
    [Fact]
    public async Task RepeatWithAnotherAmount_GetsTheStoredAnswer_AndIsJournalledWithBothValues()
    {
        await using var fixture = new ProcessorFixture(stores, output);
        var first = await fixture.SendAsync(Messages.Auth(6155805913));
        string changed = Messages.Auth(6155805913, attempt: 1).Replace("\"Bill_Amt\":-12.5000", "\"Bill_Amt\":-99.00", StringComparison.Ordinal);

        var repeat = await fixture.SendAsync(changed, remoteAddress: "192.0.2.7");

        Assert.Equal(first, repeat);
        Assert.Single(await fixture.EntriesAsync(6155805913));
        var conflict = Assert.Single(await ConflictsAsync(fixture, null, 100));
        Assert.Equal(new JournalKey(6155805913, false), conflict.Key);
        Assert.Equal([new FieldDifference("Bill_Amt", "-12.5000", "-99.00")], conflict.Differences);
        Assert.Equal("Json", conflict.Flavour);
        Assert.Equal(1, conflict.SendingAttempt);
        Assert.Equal(changed, System.Text.Encoding.UTF8.GetString(conflict.Body.Span));
        Assert.Equal("192.0.2.7", conflict.RemoteAddress);
        Assert.Contains(fixture.Logs.Lines, l => l.Contains("TXn_ID conflict on", StringComparison.Ordinal) && l.Contains("Bill_Amt -12.5000 -> -99.00", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlainResend_OnlyTheAttemptAndTheAmountsScaleChanged_IsNoConflict()
    {
        await using var fixture = new ProcessorFixture(stores, output);
        var first = await fixture.SendAsync(Messages.Auth(42));

        var resend = await fixture.SendAsync(Messages.Auth(42, attempt: 2).Replace("\"Bill_Amt\":-12.5000", "\"Bill_Amt\":-12.5", StringComparison.Ordinal));

        Assert.Equal(first, resend);
        Assert.Empty(await ConflictsAsync(fixture, null, 100));
        Assert.DoesNotContain(fixture.Logs.Lines, l => l.Contains("TXn_ID conflict", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RepeatAsAnotherKindOnAnotherCard_ListsEveryDifferingField()
    {
        await using var fixture = new ProcessorFixture(stores, output);
        await fixture.SendAsync(Messages.Auth(7));
        string other = Messages.Auth(7, attempt: 1)
            .Replace("\"MTID\":\"0100\"", "\"MTID\":\"0120\"", StringComparison.Ordinal)
            .Replace("\"Token\":107419774", "\"Token\":555", StringComparison.Ordinal)
            .Replace("\"Txn_CCy\":\"826\"", "\"Txn_CCy\":\"978\"", StringComparison.Ordinal);

        await fixture.SendAsync(other);

        var conflict = Assert.Single(await ConflictsAsync(fixture, null, 100));
        Assert.Equal(["MTID 0100 -> 0120", "Txn_CCy 826 -> 978", "Token 107419774 -> 555"], conflict.Differences.Select(d => d.ToString()));
    }

    [Fact]
    public async Task ResendInSoapOfTheSameJsonMessage_IsNoConflict()
    {
        await using var fixture = new ProcessorFixture(stores, output);
        await fixture.SendAsync(Messages.Auth(6155805913));

        var resend = await fixture.SendAsync(SoapAuth(6155805913, "-12.50"), "text/xml; charset=utf-8");

        Assert.Equal(200, resend.Status);
        Assert.Empty(await ConflictsAsync(fixture, null, 100));
    }

    [Fact]
    public async Task TwoCopiesAtTheSameInstantWithDifferentAmounts_ShareOneAnswer_AndTheConflictIsJournalled()
    {
        var slow = new ProcessorFixture.CountingProvider("00", TimeSpan.FromMilliseconds(200));
        await using var fixture = new ProcessorFixture(stores, output, slow);
        string other = Messages.Auth(88, attempt: 1).Replace("\"Txn_Amt\":12.5000", "\"Txn_Amt\":13.00", StringComparison.Ordinal);

        var first = fixture.SendAsync(Messages.Auth(88));
        await Task.Delay(50);
        var second = fixture.SendAsync(other);
        var answers = await Task.WhenAll(first, second);

        Assert.Equal(answers[0], answers[1]);
        Assert.Equal(1, slow.Calls);
        var conflict = Assert.Single(await ConflictsAsync(fixture, null, 100));
        Assert.Equal([new FieldDifference("Txn_Amt", "12.5000", "13.00")], conflict.Differences);
    }

    [Fact]
    public async Task ListConflicts_FiltersBySinceAndLimit_OldestFirst()
    {
        await using var fixture = new ProcessorFixture(stores, output);
        var noon = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < 4; i++)
        {
            await fixture.Journal.RecordConflictAsync(Conflict(100 + i, noon.AddHours(i)), CancellationToken.None);
        }

        var since = await ConflictsAsync(fixture, noon.AddHours(1), 100);
        var limited = await ConflictsAsync(fixture, null, 2);

        Assert.Equal([101L, 102L, 103L], since.Select(c => c.Key.TxnId));
        Assert.Equal(noon.AddHours(1), since[0].DetectedAt);
        Assert.Equal([100L, 101L], limited.Select(c => c.Key.TxnId));
        Assert.Equal("Txn_Amt", limited[0].Differences[0].Field);
        Assert.Null(limited[0].Differences[0].Journalled);
    }

    // Messages.Auth's compared fields in SOAP 1.1, amounts written with another scale.
    private static string SoapAuth(long txnId, string billAmt) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
        <GetTransaction xmlns="http://tempuri.org/"><MTID>0100</MTID><Txn_Type>A</Txn_Type><Txn_Stat_Code>A</Txn_Stat_Code><TXn_ID>{txnId}</TXn_ID><Token>107419774</Token>
        <traceid_lifecycle>VIS1-20250301-{txnId}</traceid_lifecycle><Trans_link>250301002517622180</Trans_link><Proc_Code>000000</Proc_Code><auth_type>0</auth_type>
        <Bill_Amt>{billAmt}</Bill_Amt><Bill_Ccy>826</Bill_Ccy><Txn_Amt>12.5</Txn_Amt><Txn_CCy>826</Txn_CCy><Fee_Fixed>0.25</Fee_Fixed><MCC_Code>5812</MCC_Code>
        <Authorised_by_GPS>N</Authorised_by_GPS><SendingAttemptCount>1</SendingAttemptCount><ProductID>99883</ProductID></GetTransaction>
        </soap:Body></soap:Envelope>
        """;

    private static TxnConflict Conflict(long txnId, DateTimeOffset at) => new()
    {
        Key = new JournalKey(txnId, false),
        DetectedAt = at,
        Flavour = "Soap11",
        Differences = [new FieldDifference("Txn_Amt", null, "1.00")],
        Body = "<x/>"u8.ToArray(),
        ContentType = "text/xml",
    };

    private static async Task<List<TxnConflict>> ConflictsAsync(ProcessorFixture fixture, DateTimeOffset? since, int limit)
    {
        var list = new List<TxnConflict>();
        await foreach (var c in fixture.Journal.ListConflictsAsync(since, limit, CancellationToken.None))
        {
            list.Add(c);
        }

        return list;
    }
}
