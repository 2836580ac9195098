using System.Text;
using Ehi.Core.Handling;
using Ehi.Core.Messages;
using Ehi.Processing.Configuration;
using Ehi.Processing.Decisions;
using Ehi.Processing.Journal;
using Ehi.Processing.Storage;
using Ehi.Testing;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Ehi.Processing.Tests;

/// <summary>A real processor on a real SQLite journal in a temp directory.</summary>
internal sealed class ProcessorFixture : IAsyncDisposable
{
    private readonly Func<ValueTask> _cleanup;

    public ProcessorFixture(Storage.IStoreFactory stores, ITestOutputHelper output, IDecisionProvider? provider = null, Action<ProcessingOptions>? configure = null, Ehi.Processing.Ledger.LedgerOptions? ledger = null)
    {
        // Functional tests are not timing tests: a generous budget unless a test sets its own.
        Options = new ProcessingOptions { Budget = TimeSpan.FromSeconds(10) };
        configure?.Invoke(Options);
        (Journal, _cleanup) = stores.OpenAsync().GetAwaiter().GetResult();
        Logs = new XunitLoggerProvider(output);
        using var factory = LoggerFactory.Create(b => b.AddProvider(Logs));
        Provider = provider ?? new StaticDecisionProvider(Options.Static);
        IDecider decider = ledger is null
            ? new ProviderDecider(Provider, Options, TimeProvider.System, factory.CreateLogger<EhiProcessor>())
            : new LedgerDecider(new Ehi.Processing.Ledger.LedgerEngine(ledger), TimeProvider.System);
        Processor = new EhiProcessor(Journal, decider, Options, TimeProvider.System, factory.CreateLogger<EhiProcessor>());
        Cards = new Ehi.Processing.Ledger.CardAdministration(Journal, TimeProvider.System);
        Processor.WarmUpAsync().GetAwaiter().GetResult();
    }

    public ProcessingOptions Options { get; }

    public Ehi.Processing.Ledger.CardAdministration Cards { get; }

    public IEhiStore Journal { get; }

    public IDecisionProvider Provider { get; }

    public EhiProcessor Processor { get; }

    public XunitLoggerProvider Logs { get; }

    /// <summary>Hands one body to the processor; <paramref name="receivedAt"/> is when the server
    /// took it in (the request's own field, so old journal entries need no clock tricks).</summary>
    public async Task<(int Status, string Body)> SendAsync(string body, string contentType = "application/json", string? traceParent = null, string? remoteAddress = null, DateTimeOffset? receivedAt = null)
    {
        var request = new EhiRequest(Encoding.UTF8.GetBytes(body), contentType, null, traceParent, "THUMB", receivedAt ?? DateTimeOffset.UtcNow) { RemoteAddress = remoteAddress };
        var answer = await Processor.HandleAsync(request, CancellationToken.None);
        string text = Encoding.UTF8.GetString(answer.Body.Span);
        if (answer.StatusCode == 200 && SoapAnswerSchema.IsSoap(answer.ContentType))
        {
            SoapAnswerSchema.AssertValid(text, answer.ContentType);
        }

        return (answer.StatusCode, text);
    }

    public async Task<List<JournalEntry>> EntriesAsync(long? txnId = null)
    {
        var entries = new List<JournalEntry>();
        await foreach (var e in Journal.ListAsync(new JournalQuery { TxnId = txnId }, CancellationToken.None))
        {
            entries.Add(e);
        }

        return entries;
    }

    public async ValueTask DisposeAsync()
    {
        await Journal.DisposeAsync();
        await _cleanup();
    }

    /// <summary>A provider that counts calls, waits when told, and answers a fixed code.</summary>
    public sealed class CountingProvider(string code, TimeSpan delay = default) : IDecisionProvider
    {
        private int _calls;

        public int Calls => _calls;

        public string Name => "counting";

        public async ValueTask<GetTransactionResponse> DecideAsync(DecisionContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, CancellationToken.None);
            }

            return new GetTransactionResponse { ResponseStatus = code };
        }
    }
}
