using System.Text;
using Ehi.Core.Classification;
using Ehi.Processing.Journal;
using Ehi.Processing.Ledger;
using Ehi.Processing.Storage;
using Ehi.Processing.Tests.Storage;
using Xunit.Abstractions;

namespace Ehi.Processing.Tests;

public abstract class ExactlyOnceTests(ITestOutputHelper output, IStoreFactory stores)
{
    [Fact]
    public async Task Repeat_SameTxnIdWithLaterAttempt_GetsTheStoredAnswerByteForByte()
    {
        // Given an authorisation approved once
        var provider = new ProcessorFixture.CountingProvider("00");
        await using var fixture = new ProcessorFixture(stores, output, provider);
        var first = await fixture.SendAsync(Messages.Auth(6155805913));

        // When Thredd resends it (SendingAttemptCount 1), and the provider would now decline
        var again = await fixture.SendAsync(Messages.Auth(6155805913, attempt: 1));

        // Then the answer is identical, the provider was asked once, and one entry exists
        Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"00"}""", first.Body);
        Assert.Equal(first, again);
        Assert.Equal(1, provider.Calls);
        Assert.Single(await fixture.EntriesAsync(6155805913));
    }

    [Fact]
    public async Task ConcurrentDuplicates_AreProcessedOnce()
    {
        // Given a provider that takes a moment, and 20 copies of one message at the same instant
        var provider = new ProcessorFixture.CountingProvider("00", TimeSpan.FromMilliseconds(30));
        await using var fixture = new ProcessorFixture(stores, output, provider);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => fixture.SendAsync(Messages.Auth(42, attempt: i % 2)))));

        // Then one decision, one entry, twenty identical answers
        Assert.Equal(1, provider.Calls);
        Assert.Single(await fixture.EntriesAsync(42));
        Assert.Single(answers.Distinct());
    }

    [Fact]
    public async Task ConcurrentDuplicates_AcrossTwoProcessorsOnOneJournal_StoreOneAnswer()
    {
        // Two processors (as after a restart with requests in flight) share the journal: the
        // database's unique key decides, and the loser replays the winner's answer.
        var approve = new ProcessorFixture.CountingProvider("00", TimeSpan.FromMilliseconds(20));
        await using var fixture = new ProcessorFixture(stores, output, approve);
        var decline = new ProcessorFixture.CountingProvider("05", TimeSpan.FromMilliseconds(20));
        var second = new EhiProcessor(fixture.Journal, new Decisions.ProviderDecider(decline, fixture.Options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance), fixture.Options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<EhiProcessor>.Instance);

        var a = fixture.Processor.HandleAsync(Request(Messages.Auth(77)), CancellationToken.None).AsTask();
        var b = second.HandleAsync(Request(Messages.Auth(77)), CancellationToken.None).AsTask();
        var answers = await Task.WhenAll(a, b);

        Assert.Equal(answers[0].Body.ToArray(), answers[1].Body.ToArray());
        Assert.Single(await fixture.EntriesAsync(77));
    }

    [Fact]
    public async Task CommitOfAJournalledKey_ReturnsTheStoredAnswer_AndAppliesNothing_EvenWhenDecidingAgainThrows()
    {
        // Given a unit journalled once, with a ledger effect
        await using var fixture = new ProcessorFixture(stores, output);
        var first = await fixture.Journal.CommitAsync(Unit(4711, "first", fail: false), CancellationToken.None);
        Assert.True(first.Stored);

        // When the same key is committed again (a copy that raced past the processor's look-up),
        // deciding differently, and once more with a decision that throws
        var second = await fixture.Journal.CommitAsync(Unit(4711, "second", fail: false), CancellationToken.None);
        var third = await fixture.Journal.CommitAsync(Unit(4711, "third", fail: true), CancellationToken.None);

        // Then both get the first answer, and the ledger has the first effect only
        Assert.False(second.Stored);
        Assert.False(third.Stored);
        Assert.Equal("answer first", Encoding.UTF8.GetString(second.Answer.Body.Span));
        Assert.Equal("answer first", Encoding.UTF8.GetString(third.Answer.Body.Span));
        await using var audit = await fixture.Journal.OpenAuditAsync(CancellationToken.None);
        var unmatched = new List<UnmatchedRecord>();
        await foreach (var record in audit.UnmatchedAsync(CancellationToken.None))
        {
            unmatched.Add(record);
        }

        Assert.Equal("first", Assert.Single(unmatched).Reason);
        Assert.Single(await fixture.EntriesAsync(4711));
    }

    private static MessageUnit Unit(long txn, string decision, bool fail) =>
        StoreUnits.Message(txn, decision, fail, new LedgerEffects([], [], [], [new UnmatchedRecord(txn, null, MessageKind.AuthorisationRequest, decision)]));

    [Fact]
    public async Task Entry_HoldsBodyAnswerKeysTimingTraceAndThumbprint()
    {
        await using var fixture = new ProcessorFixture(stores, output);
        string body = Messages.Auth(5);

        await fixture.SendAsync(body, traceParent: "00-c24a548a2883cf4aac38eb40410a5e5d-593f9603da624910-00");

        var entry = Assert.Single(await fixture.EntriesAsync(5));
        Assert.Equal(body, Encoding.UTF8.GetString(entry.Body.Span));
        Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"00"}""", Encoding.UTF8.GetString(entry.Answer.Body.Span));
        Assert.Equal(MessageKind.AuthorisationRequest, entry.Kind);
        Assert.Equal(107419774, entry.Token);
        Assert.Equal("VIS1-20250301-5", entry.Lifecycle);
        Assert.Equal("00-c24a548a2883cf4aac38eb40410a5e5d-593f9603da624910-00", entry.TraceParent);
        Assert.Equal("THUMB", entry.ClientThumbprint);
        Assert.True(entry.ElapsedMicroseconds > 0);
        Assert.Equal(Journal.Decision.Approved, entry.Decision);
    }

    [Fact]
    public async Task JournalUnavailable_AnswersSoThatThreddResends()
    {
        await using var fixture = new ProcessorFixture(stores, output);
        await fixture.Journal.DisposeAsync(); // writes now fail

        var auth = await fixture.SendAsync(Messages.Auth(9));
        var reversal = await fixture.SendAsync(Messages.Reversal(10));

        Assert.Equal("""{"Acknowledgement":"0","Responsestatus":"05"}""", auth.Body);
        Assert.Equal("""{"Acknowledgement":"0","Responsestatus":"96"}""", reversal.Body);
        Assert.Contains(fixture.Logs.Lines, l => l.Contains("Journal unavailable", StringComparison.Ordinal));
    }

    private static Ehi.Core.Handling.EhiRequest Request(string body) =>
        new(Encoding.UTF8.GetBytes(body), "application/json", null, null, null, DateTimeOffset.UtcNow);
}
