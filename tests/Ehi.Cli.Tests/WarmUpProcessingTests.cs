using System.Reflection;
using System.Runtime.ExceptionServices;
using Ehi.Cli.Commands.Serve;
using Ehi.Core.Handling;
using Ehi.Processing;
using Ehi.Processing.Configuration;
using Ehi.Processing.Decisions;
using Ehi.Processing.Journal;
using Ehi.Processing.Ledger;
using Ehi.Processing.Storage;
using Ehi.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary>The warm-up's handler: its exchanges go to a throwaway store, and every fourth one also
/// runs the real store's own paths (with PostgreSQL a different store), until one of those fails.</summary>
public sealed class WarmUpProcessingTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ehi-warm-up-real-");

    [Fact]
    public async Task Exchanges_RehearseTheRealStoreEveryFourth_UntilItFails()
    {
        // Given the real processor over a store that counts its look-ups, and the warm-up prepared
        await using var store = SqliteStore.Open(_directory.FullName);
        var (journal, counter) = CountingJournal.Wrap(store);
        var options = new ProcessingOptions { Provider = DecisionProviderKind.Ledger, Budget = TimeSpan.FromSeconds(10) };
        var ledger = new LedgerOptions();
        var real = new EhiProcessor(journal, new LedgerDecider(new LedgerEngine(ledger), TimeProvider.System), options, TimeProvider.System, NullLogger<EhiProcessor>.Instance);
        var warmUp = new WarmUpProcessing(options, ledger, real, null, TimeProvider.System);
        await warmUp.PrepareAsync(CancellationToken.None);
        int prepared = counter.Lookups;

        // When ten rounds are exchanged (30 messages)
        await ExchangeAsync(warmUp, rounds: 10);

        // Then the real store was rehearsed at every fourth exchange
        Assert.Equal(prepared + 7, counter.Lookups);

        // And once the real store fails, the exchanges are still answered and it is not asked again
        counter.Fail = true;
        await ExchangeAsync(warmUp, rounds: 4);
        Assert.Equal(prepared + 8, counter.Lookups);
        await warmUp.FinishAsync();
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private static async Task ExchangeAsync(WarmUpProcessing warmUp, int rounds)
    {
        for (int round = 0; round < rounds; round++)
        {
            foreach (var (contentType, soapAction, body) in WarmUpMessages.Round(round))
            {
                var answer = await warmUp.HandleAsync(new EhiRequest(body, contentType, soapAction, null, null, DateTimeOffset.UtcNow), CancellationToken.None);
                Assert.Equal(200, answer.StatusCode);
            }
        }
    }

    /// <summary>Passes every call to the store it wraps, counting answer look-ups; with
    /// <see cref="Fail"/> set, a look-up throws as a journal that went away would.</summary>
    public class CountingJournal : DispatchProxy
    {
        private IJournalStore _inner = null!;
        private int _lookups;

        public int Lookups => Volatile.Read(ref _lookups);

        public bool Fail { get; set; }

        public static (IJournalStore Journal, CountingJournal Counter) Wrap(IJournalStore inner)
        {
            var journal = Create<IJournalStore, CountingJournal>();
            var counter = (CountingJournal)(object)journal;
            counter._inner = inner;
            return (journal, counter);
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(IJournalStore.FindAnswerAsync))
            {
                Interlocked.Increment(ref _lookups);
                if (Fail)
                {
                    throw new JournalUnavailableException("the journal is away (test)");
                }
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(ex.InnerException);
                throw;
            }
        }
    }
}
