using Ehi.Processing.Tests.Storage;
using Xunit.Abstractions;

namespace Ehi.Processing.Tests.Ledger;

/// <summary>Random interleavings, duplicates and concurrency of valid lifecycles leave the ledger's
/// invariants true (postings balance, balances equal their postings, holds equal blocked, no hold
/// negative, every message has its effect). Seeds are fixed so a failure can be replayed.</summary>
public abstract class RandomInterleavingTests(ITestOutputHelper output, IStoreFactory stores)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task RandomLifecycles_InAnyOrderWithDuplicates_KeepTheInvariants(int seed)
    {
        var random = new Random(seed);
        await using var f = await LedgerFixture.CreateAsync(stores, output, balance: 500m);
        long[] cards = [LedgerFixture.Card, 2001, 2002];
        await f.Inner.Cards.CreateAsync(2001, "826", 50m, "active", CancellationToken.None);
        await f.Inner.Cards.CreateAsync(2002, "826", 0m, "active", CancellationToken.None);

        // Given 30 lifecycles of random shapes
        var messages = new List<Msg>();
        long txn = 1;
        for (int i = 0; i < 30; i++)
        {
            long card = cards[random.Next(cards.Length)];
            string lifecycle = $"LC-{seed}{i:D5}";
            decimal amount = random.Next(1, 20000) / 100m;
            messages.Add(Msg.Auth(txn++, card, amount, lifecycle).With("Fee_Fixed", random.Next(0, 50) / 100m));
            if (random.Next(3) == 0)
            {
                messages.Add(Msg.Auth(txn++, card, random.Next(1, 5000) / 100m, lifecycle).With("auth_type", random.Next(2) == 0 ? "P" : "F"));
            }

            switch (random.Next(5))
            {
                case 0:
                    messages.Add(Msg.Reversal(txn++, card, amount, lifecycle));
                    break;
                case 1:
                    messages.Add(Msg.Reversal(txn++, card, Pence(amount / 2), lifecycle));
                    messages.Add(Msg.Presentment(txn++, card, Pence(amount / 2), lifecycle));
                    break;
                case 2:
                    messages.Add(Msg.Advice(txn++, card, amount, lifecycle, random.Next(2) == 0 ? "00" : "05"));
                    break;
                case 3:
                    messages.Add(Msg.Presentment(txn++, card, Pence(amount / 3), lifecycle).With("multi_part_txn", 1).With("multi_part_txn_final", 0));
                    messages.Add(Msg.Presentment(txn++, card, Pence(amount * 0.8m), lifecycle).With("multi_part_txn", 1).With("multi_part_txn_final", 1));
                    break;
                default:
                    messages.Add(Msg.Presentment(txn++, card, Pence(amount * (decimal)(0.5 + random.NextDouble())), lifecycle));
                    break;
            }

            if (random.Next(4) == 0)
            {
                messages.Add(Msg.Thredd(null, "L", txn++, card, random.Next(100, 10000) / 100m));
            }
        }

        // When they arrive shuffled, a quarter of them twice, in concurrent bursts
        var arrivals = messages.Concat(messages.Where(_ => random.Next(4) == 0)).OrderBy(_ => random.Next()).ToList();
        for (int i = 0; i < arrivals.Count; i += 8)
        {
            await Task.WhenAll(arrivals.Skip(i).Take(8).Select(m => f.SendAsync(m)));
        }

        // Then every invariant holds
        var violations = await Ehi.Processing.Ledger.LedgerVerifier.VerifyAsync(f.Inner.Journal, CancellationToken.None);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        foreach (long card in cards)
        {
            var (_, _, blocked) = await f.BalancesAsync(card);
            Assert.True(blocked >= 0, $"card {card} blocked {blocked}");
        }

        output.WriteLine($"seed {seed}: {arrivals.Count} arrivals of {messages.Count} messages");
    }

    // Amounts as Thredd sends them: in whole minor units (finer ones are refused with a 400).
    private static decimal Pence(decimal amount) => decimal.Round(amount, 2);
}
