using Ehi.Processing.Tests.Storage;
using Xunit.Abstractions;

namespace Ehi.Processing.Tests;

public abstract class CutOffAndRejectionTests(ITestOutputHelper output, IStoreFactory stores)
{
    [Fact]
    public async Task CutOff_CountsMatchingTheJournal_AreRecordedAsAgreeing()
    {
        // Given two auths (one resent), a reversal, a presentment and a load in range, and one out of range
        await using var fixture = new ProcessorFixture(stores, output);
        await fixture.SendAsync(Messages.Auth(100));
        await fixture.SendAsync(Messages.Auth(100, attempt: 1));
        await fixture.SendAsync(Messages.Reversal(101));
        await fixture.SendAsync(Messages.Presentment(102));
        await fixture.SendAsync(Messages.Load(103));
        await fixture.SendAsync(Messages.Auth(999));

        // When the Cut-Off for 100..110 says the same
        var answer = await fixture.SendAsync(Messages.CutOff(1, 100, 110, auths: 2, financials: 1, loads: 1));

        // Then it is acknowledged and recorded without differences
        Assert.Equal("""{"Acknowledgement":"1"}""", answer.Body);
        var records = new List<Journal.CutOffRecord>();
        await foreach (var r in fixture.Journal.ListCutOffsAsync(CancellationToken.None))
        {
            records.Add(r);
        }

        var record = Assert.Single(records);
        Assert.Empty(record.Differences);
        Assert.Equal(2, record.Counted.Auths.Acknowledged);
    }

    [Fact]
    public async Task CutOff_WithDifferentCounts_RecordsAndLogsTheDifference_AndRepeatsReplay()
    {
        await using var fixture = new ProcessorFixture(stores, output);
        await fixture.SendAsync(Messages.Auth(200));

        var first = await fixture.SendAsync(Messages.CutOff(2, 200, 210, auths: 3, financials: 0, loads: 0));
        var repeat = await fixture.SendAsync(Messages.CutOff(2, 200, 210, auths: 3, financials: 0, loads: 0));

        Assert.Equal(first, repeat);
        await foreach (var r in fixture.Journal.ListCutOffsAsync(CancellationToken.None))
        {
            Assert.Equal(["auths acknowledged: Thredd counts 3, the journal 1"], r.Differences);
        }

        Assert.Contains(fixture.Logs.Lines, l => l.Contains("differs from the journal", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not json at all", "urn:ehi:problem:malformed-body")]
    [InlineData("""{"MTID":"0100","Txn_Type":"A"}""", "urn:ehi:problem:missing-key")]
    [InlineData("""{"TXn_ID":"abc"}""", "urn:ehi:problem:wrong-field-type")]
    public async Task Malformed_Is400ProblemDocument_JournalledAsRejected_NothingApplied(string body, string type)
    {
        await using var fixture = new ProcessorFixture(stores, output);

        var answer = await fixture.SendAsync(body);

        Assert.Equal(400, answer.Status);
        Assert.Contains($"\"type\":\"{type}\"", answer.Body, StringComparison.Ordinal);
        Assert.Empty(await fixture.EntriesAsync());
        var rejected = new List<Journal.RejectedMessage>();
        await foreach (var r in fixture.Journal.ListRejectedAsync(CancellationToken.None))
        {
            rejected.Add(r);
        }

        Assert.Equal(body, System.Text.Encoding.UTF8.GetString(Assert.Single(rejected).Body.Span));
    }

    [Fact]
    public async Task ConnectivityProbe_Answered0_NotJournalled()
    {
        await using var fixture = new ProcessorFixture(stores, output);

        var answer = await fixture.SendAsync("""{"foo": "bar"}""");

        Assert.Equal((200, """{"Acknowledgement":"0"}"""), answer);
        Assert.Empty(await fixture.EntriesAsync());
        Assert.Contains(fixture.Logs.Lines, l => l.Contains("Connectivity probe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Oversized_Is400TooLarge_JournalledAsRejectedWithItsPrefix()
    {
        await using var fixture = new ProcessorFixture(stores, output);
        byte[] prefix = System.Text.Encoding.UTF8.GetBytes("{\"TXn_ID\":1,\"Note\":\"" + new string('x', 100));

        var answer = await fixture.Processor.HandleAsync(new Ehi.Core.Handling.EhiRequest(prefix, "application/json", null, null, null, DateTimeOffset.UtcNow) { OversizedLimit = 65536 }, CancellationToken.None);

        Assert.Equal(400, answer.StatusCode);
        Assert.Contains("urn:ehi:problem:body-too-large", System.Text.Encoding.UTF8.GetString(answer.Body.Span), StringComparison.Ordinal);
        Assert.Empty(await fixture.EntriesAsync());
        await foreach (var r in fixture.Journal.ListRejectedAsync(CancellationToken.None))
        {
            Assert.Equal("urn:ehi:problem:body-too-large", r.ProblemType);
            Assert.Equal(prefix, r.Body.ToArray());
        }
    }
}
