using System.Net;
using Ehi.Core.Handling;
using Ehi.Core.Messages;
using Ehi.Processing;
using Ehi.Processing.Configuration;
using Ehi.Processing.Decisions;
using Ehi.Processing.Ledger;
using Ehi.Processing.Telemetry;
using Ehi.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ehi.Cli.Commands.Serve;

/// <summary>The processing behind the server's warm-up exchange: a second <see cref="EhiProcessor"/>
/// with the same settings and the same kind of decider, over a throwaway SQLite journal and ledger in
/// a temporary directory (deleted afterwards), so the warm-up runs the real code (journal statements,
/// ledger engine, answer encoding) while the real journal and ledger stay untouched. The forward
/// provider's code runs against an in-memory decision service (answers, and one that never comes, so
/// the fallback path is warm too); the real client only opens its connection to the core system.</summary>
internal sealed class WarmUpProcessing(ProcessingOptions options, LedgerOptions ledger, EhiProcessor real, HttpClient? forward, TimeProvider time) : IWarmUpMessageHandler
{
    private const int RehearseEvery = 4;
    private DirectoryInfo? _directory;
    private int _exchanges;
    private bool _rehearsalsFailed;
    private SqliteStore? _store;
    private EhiProcessor? _processor;

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        // The real store's read path (a look-up of a key no message has): its connection and statements.
        await real.WarmUpAsync().ConfigureAwait(false);
        _directory = ThrowawayDirectory();
        _store = SqliteStore.Open(_directory.FullName);
        var metrics = ProcessingMetrics.Unobserved();
        IDecider decider;
        if (options.UsesLedger)
        {
            // A funded card, so the warm-up authorisations go the whole way: hold, postings, approval.
            await new CardAdministration(_store, time).CreateAsync(WarmUpMessages.Token, "826", 100m, CardStatuses.Active, cancellationToken).ConfigureAwait(false);
            decider = new LedgerDecider(new LedgerEngine(ledger), time);
        }
        else
        {
            IDecisionProvider provider = options.Provider == DecisionProviderKind.Forward
                ? new ForwardDecisionProvider(new HttpClient(new InMemoryDecisionService()), options.Forward, NullLogger.Instance, time)
                : new StaticDecisionProvider(options.Static);
            decider = new ProviderDecider(provider, options, time, NullLogger<EhiProcessor>.Instance, metrics);
        }

        _processor = new EhiProcessor(_store, decider, options, time, NullLogger<EhiProcessor>.Instance, metrics);
        if (forward is not null && options.Forward.Url is { } url)
        {
            await OpenForwardConnectionAsync(forward, new Uri(url), cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask<EhiAnswer> HandleAsync(EhiRequest request, CancellationToken cancellationToken)
    {
        if (_processor is null)
        {
            throw new InvalidOperationException("the warm-up processing is not prepared");
        }

        var answer = await _processor.HandleAsync(request, cancellationToken).ConfigureAwait(false);
        await RehearseRealStoreAsync(cancellationToken).ConfigureAwait(false);
        return answer;
    }

    // The real store's own paths, beside the throwaway store's, every few exchanges: with PostgreSQL
    // they are a different store (Npgsql, the group transaction, rolled back), and code run only once
    // before ready was recompiled under the first real traffic instead (after a host restart at 800
    // messages/s: 1.1 s of JIT CPU in the first 10 s). Every fourth exchange: enough calls for the
    // runtime to recompile them, and fewer rolled-back inserts (each takes a messages.seq value). A
    // failure (the database away) ends the rehearsals quietly: the real messages find out for themselves.
    private async Task RehearseRealStoreAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _rehearsalsFailed) || Interlocked.Increment(ref _exchanges) % RehearseEvery != 0)
        {
            return;
        }

        try
        {
            await real.WarmUpAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Volatile.Write(ref _rehearsalsFailed, true);
        }
    }

    public async ValueTask FinishAsync()
    {
        if (_processor is not null)
        {
            await _processor.DrainLateWorkAsync().ConfigureAwait(false);
        }

        if (_store is not null)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            _directory?.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Left in the temporary directory; nothing reads it.
        }
    }

    // On tmpfs when there is one and it is writable (the warm-up's commits need no disk flush, nothing
    // of them is kept), else in the temporary directory (private under the systemd unit).
    private static DirectoryInfo ThrowawayDirectory()
    {
        try
        {
            return Directory.CreateDirectory(Path.Combine("/dev/shm", "ehi-warm-up-" + Guid.NewGuid().ToString("N")));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Directory.CreateTempSubdirectory("ehi-warm-up-");
        }
    }

    // An OPTIONS request opens the pooled connection (TCP and TLS) the first decision would otherwise
    // open within its budget; it asks for no decision. Whatever the answer, or none within a second
    // (a hung core system), the warm-up goes on: the connect and handshake code is compiled either way.
    private static async Task OpenForwardConnectionAsync(HttpClient forward, Uri url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, url);
            using var response = await forward.SendAsync(request, timeout.Token).ConfigureAwait(false);
            _ = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Unreachable or hung: the first real decision finds out within its own budget, as before.
        }
    }

    /// <summary>A decision service in memory: never answers the first SOAP sample, approves the others.</summary>
    private sealed class InMemoryDecisionService : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            // The first round's SOAP sample only: one timeout compiles the fallback path; more would
            // each cost the whole provider timeout.
            if (body.Contains($"\"TXn_ID\":{WarmUpMessages.SoapTxnId(0)}", StringComparison.Ordinal))
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }

            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent("""{"Responsestatus":"00"}"""u8.ToArray()) { Headers = { ContentType = new("application/json") } } };
        }
    }
}
