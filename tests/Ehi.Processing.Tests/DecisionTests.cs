using System.Diagnostics;
using Ehi.Processing.Tests.Storage;
using Xunit.Abstractions;

namespace Ehi.Processing.Tests;

[Collection(TimingCollection.Name)]
public abstract class DecisionTests(ITestOutputHelper output, IStoreFactory stores)
{
    [Fact]
    public async Task SlowProvider_FallbackWithinBudget_LateDecisionJournalled()
    {
        // Given a provider that answers after 400 ms and a 150 ms budget
        var provider = new ProcessorFixture.CountingProvider("00", TimeSpan.FromMilliseconds(400));
        await using var fixture = new ProcessorFixture(stores, output, provider, o => o.Budget = TimeSpan.FromMilliseconds(150));

        // When an authorisation arrives
        var clock = Stopwatch.StartNew();
        var answer = await fixture.SendAsync(Messages.Auth(2001));
        clock.Stop();

        // Then the fallback (05 in mode 1) is answered before the budget is spent
        Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"05"}""", answer.Body);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(200), $"answered after {clock.Elapsed.TotalMilliseconds} ms");

        // And the provider's late decision is journalled once it arrives
        await Task.Delay(500);
        await fixture.Processor.DrainLateWorkAsync();
        var entry = Assert.Single(await fixture.EntriesAsync(2001));
        Assert.Equal("fallback:deadline", entry.DecidedBy);
        Assert.Equal("counting:00", entry.LateDecision);
    }

    [Theory]
    [InlineData(1, "05")]
    [InlineData(2, "05")]
    [InlineData(4, "96")]
    public async Task FailingProvider_AnswersTheModesSafeCode(int mode, string expected)
    {
        await using var fixture = new ProcessorFixture(stores, output, new FailingProvider(), o => o.Mode = (Configuration.EhiMode)mode);

        var answer = await fixture.SendAsync(Messages.Auth(2002));

        Assert.Equal($$"""{"Acknowledgement":"1","Responsestatus":"{{expected}}"}""", answer.Body);
        Assert.Equal("fallback:provider-failed", Assert.Single(await fixture.EntriesAsync(2002)).DecidedBy);
    }

    [Fact]
    public async Task Mode3_AcknowledgesOnly()
    {
        var provider = new ProcessorFixture.CountingProvider("05");
        await using var fixture = new ProcessorFixture(stores, output, provider, o => o.Mode = Configuration.EhiMode.FullService);

        var answer = await fixture.SendAsync(Messages.Auth(2003));

        Assert.Equal("""{"Acknowledgement":"1"}""", answer.Body);
        Assert.Equal(0, provider.Calls);
    }

    [Fact]
    public async Task ProductModes_OverrideTheDefaultMode()
    {
        await using var fixture = new ProcessorFixture(stores, output, configure: o => o.ProductModes["555"] = Configuration.EhiMode.FullService);

        var mode3 = await fixture.SendAsync(Messages.Auth(2004, product: 555));
        var mode1 = await fixture.SendAsync(Messages.Auth(2005, product: 99883));

        Assert.Equal("""{"Acknowledgement":"1"}""", mode3.Body);
        Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"00"}""", mode1.Body);
    }

    [Theory]
    [InlineData("00", "05", "05")] // Thredd approved: the host may decline
    [InlineData("51", "0A", "0A")] // Thredd said 51: approve with load is allowed
    [InlineData("51", "00", "51")] // ...a plain approval is not
    [InlineData("05", "00", "05")] // other Thredd declines cannot be overridden
    public async Task Mode2_OverridesLimitedToWhatThreddAllows(string thredd, string ours, string expected)
    {
        await using var fixture = new ProcessorFixture(stores, output, new ProcessorFixture.CountingProvider(ours), o => o.Mode = Configuration.EhiMode.Cooperative);

        var answer = await fixture.SendAsync(Messages.Auth(2006, de39: thredd));

        Assert.Contains($"\"Responsestatus\":\"{expected}\"", answer.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reversal", """{"Acknowledgement":"1","Responsestatus":"00"}""")]
    [InlineData("presentment", """{"Acknowledgement":"1"}""")]
    [InlineData("load", """{"Acknowledgement":"1"}""")]
    public async Task NonDecisionMessages_GetTheirFixedAnswers(string kind, string expected)
    {
        var provider = new ProcessorFixture.CountingProvider("05");
        await using var fixture = new ProcessorFixture(stores, output, provider);

        var answer = await fixture.SendAsync(kind switch { "reversal" => Messages.Reversal(3001), "presentment" => Messages.Presentment(3001), _ => Messages.Load(3001) });

        Assert.Equal(expected, answer.Body);
        Assert.Equal(0, provider.Calls);
    }

    private sealed class FailingProvider : Decisions.IDecisionProvider
    {
        public string Name => "failing";

        public ValueTask<Ehi.Core.Messages.GetTransactionResponse> DecideAsync(Decisions.DecisionContext context, CancellationToken cancellationToken) =>
            throw new HttpRequestException("connection refused");
    }
}
