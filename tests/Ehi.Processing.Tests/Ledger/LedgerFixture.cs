using Ehi.Processing.Configuration;
using Ehi.Processing.Ledger;
using Xunit.Abstractions;

namespace Ehi.Processing.Tests.Ledger;

/// <summary>A processor with the built-in ledger and one funded card.</summary>
internal sealed class LedgerFixture : IAsyncDisposable
{
    public const long Card = 107419774;

    private LedgerFixture(ProcessorFixture inner) => Inner = inner;

    public ProcessorFixture Inner { get; }

    public static async Task<LedgerFixture> CreateAsync(Storage.IStoreFactory stores, ITestOutputHelper output, decimal balance = 100m, int mode = 1, LedgerOptions? options = null)
    {
        var inner = new ProcessorFixture(stores, output, configure: o => o.Mode = (EhiMode)mode, ledger: options ?? new LedgerOptions());
        Assert.True(await inner.Cards.CreateAsync(Card, "826", balance, CardStatuses.Active, CancellationToken.None));
        return new LedgerFixture(inner);
    }

    public async Task<string> SendAsync(Msg message, DateTimeOffset? receivedAt = null)
    {
        var (status, body) = await Inner.SendAsync(message.ToString(), receivedAt: receivedAt);
        Assert.True(status == 200, body);
        return body;
    }

    /// <summary>(actual, available, blocked) of the card.</summary>
    public async Task<(decimal Actual, decimal Available, decimal Blocked)> BalancesAsync(long token = Card)
    {
        var card = (await Inner.Journal.GetCardAsync(token, CancellationToken.None))!;
        return (card.Account.Actual, card.Account.Available, card.Account.Blocked);
    }

    public async Task AssertBalancesAsync(decimal actual, decimal available, decimal blocked, long token = Card)
    {
        Assert.Equal((actual, available, blocked), await BalancesAsync(token));
        Assert.Empty(await LedgerVerifier.VerifyAsync(Inner.Journal, CancellationToken.None));
    }

    public ValueTask DisposeAsync() => Inner.DisposeAsync();
}
