using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Ehi.Processing.Configuration;
using Ehi.Processing.Decisions;
using Ehi.Processing.Ledger;
using Ehi.Storage.Sqlite;
using Ehi.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Ehi.Processing.Tests.EndToEnd;

/// <summary>ehi's processing meters, scraped from /metrics on the admin listener after real traffic
/// over mTLS that should move each one; and the journal's readiness.</summary>
[Collection(TimingCollection.Name)]
public sealed class ProcessingMetricsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TestPki _pki = new();
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("ehi-metrics-");
    private readonly CoreSystem _core = new();
    private SqliteStore? _journal;
    private TestServer? _server;

    public Task InitializeAsync()
    {
        _journal = SqliteStore.Open(_data.FullName);
        return Task.CompletedTask;
    }

    private async Task StartAsync()
    {
        var options = new ProcessingOptions
        {
            Provider = DecisionProviderKind.Forward,
            Budget = TimeSpan.FromMilliseconds(150),
            Forward = { Url = _core.Url, Timeout = TimeSpan.FromSeconds(5), Breaker = { Enabled = false } },
        };
        _server = await TestServer.StartAsync(_pki, output, s => s["Ehi:Admin:Listen"] = "127.0.0.1:0", s =>
            s.AddEhiProcessing(options, _journal!, new LedgerOptions(), _ => new ForwardDecisionProvider(ForwardHttpClient.Create(options.Forward), options.Forward)));
    }

    [Fact]
    public async Task EveryProcessingMeter_MovesWithTheTrafficThatShouldMoveIt()
    {
        await StartAsync();
        var client = _server!.Client(_pki, _pki.Client);

        // A first authorisation opens the forward connection (cold, it may miss the budget); the rest is counted from here
        await client.PostAsync("/ehi", Messages.Auth(6_999_999));
        var before = await PrometheusScrape.FetchAsync(_server.Host.AdminAddress!);

        // An authorisation approved by the core system, then its resend (SendingAttemptCount 1)
        Assert.Contains("\"00\"", (await client.PostAsync("/ehi", Messages.Auth(7_000_001))).Body, StringComparison.Ordinal);
        await client.PostAsync("/ehi", Messages.Auth(7_000_001, attempt: 1));

        // The same TXn_ID with other content (another card)
        await client.PostAsync("/ehi", Messages.Auth(7_000_001).Replace("107419774", "107419775", StringComparison.Ordinal));

        // The core system hangs: the budget passes and the fallback is answered
        _core.Behaviour = CoreBehaviour.Hang;
        Assert.Contains("\"05\"", (await client.PostAsync("/ehi", Messages.Auth(7_000_002))).Body, StringComparison.Ordinal);
        _core.Behaviour = CoreBehaviour.Answer;

        // Thredd's own decision on the first one, a load, a Cut-Off whose counts differ, a body that is not JSON
        await client.PostAsync("/ehi", Messages.Auth(7_000_001, byGps: "Y"));
        await client.PostAsync("/ehi", Messages.Load(7_000_003));
        await client.PostAsync("/ehi", Messages.CutOff(880_001, 7_000_001, 7_000_003, auths: 9, financials: 0, loads: 1));
        Assert.Equal(400, (await client.PostAsync("/ehi", "this is not JSON")).Status);

        var after = await PrometheusScrape.FetchAsync(_server.Host.AdminAddress!);
        output.WriteLine(string.Join('\n', after.Text.Split('\n').Where(l => l.StartsWith("ehi_", StringComparison.Ordinal))));
        var scrape = new Delta(before, after);

        // Then: messages by kind, status and mode
        Assert.Equal(1, scrape.Value("ehi_messages_total", ("ehi_message_kind", "AuthorisationRequest"), ("ehi_answer_status", "00"), ("ehi_mode", "1")));
        Assert.Equal(1, scrape.Value("ehi_messages_total", ("ehi_message_kind", "AuthorisationRequest"), ("ehi_answer_status", "05")));
        Assert.Equal(1, scrape.Value("ehi_messages_total", ("ehi_message_kind", "ThreddDecisionNotification"), ("ehi_answer_status", "none")));
        Assert.True(scrape.Value("ehi_messages_total", ("ehi_answer_status", "none")) >= 2);

        // Decision latency, with bucket boundaries at Thredd's budget
        Assert.True(scrape.Value("ehi_decision_duration_seconds_count") >= 4);
        Assert.NotNull(after.Value("ehi_decision_duration_seconds_bucket", ("le", "0.15")));
        Assert.NotNull(after.Value("ehi_decision_duration_seconds_bucket", ("le", "0.2")));
        // (the fallback is answered 20 ms before the 150 ms budget, so not in the 0.125 s bucket)
        double fast = scrape.Value("ehi_decision_duration_seconds_bucket", ("le", "0.125"), ("ehi_message_kind", "AuthorisationRequest"))!.Value;
        double all = scrape.Value("ehi_decision_duration_seconds_count", ("ehi_message_kind", "AuthorisationRequest"))!.Value;
        Assert.Equal(2, all);
        Assert.Equal(1, fast);

        // The fallback, the resend, the replays, the conflict, the reconciliation, the Cut-Off, the rejection
        Assert.Equal(1, scrape.Value("ehi_fallbacks_total", ("ehi_fallback_reason", "deadline")));
        Assert.Equal(1, scrape.Value("ehi_resends_total", ("ehi_sending_attempt", "1")));
        Assert.Equal(2, scrape.Value("ehi_duplicates_total", ("ehi_duplicate_source", "journal")));
        Assert.Equal(1, scrape.Value("ehi_txn_id_conflicts_total"));
        Assert.Equal(1, scrape.Value("ehi_reconciliations_total"));
        Assert.Equal(1, scrape.Value("ehi_cutoffs_total", ("ehi_cutoff_outcome", "differs")));
        Assert.Equal(1, scrape.Value("ehi_cutoff_mismatches_total"));
        Assert.Equal(1, scrape.Value("ehi_rejected_bodies_total", ("ehi_rejection_reason", "malformed-body")));

        // The journal's group commits: latency and batch size
        Assert.True(scrape.Value("ehi_journal_commit_duration_seconds_count") >= 6);
        Assert.True(scrape.Value("ehi_journal_commit_batch_size_count") >= 6);
    }

    [Fact]
    public async Task Readyz_GoesNotReadyWhenTheJournalCannotBeWritten_AndBack()
    {
        await StartAsync();
        using var http = new HttpClient { BaseAddress = _server!.Host.AdminAddress };
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(http)).Status);

        // When the journal's files become immutable (as root, permissions would not stop the writer).
        // Not the -shm file: SQLite maps it into memory, and a write to an immutable mapping is SIGBUS.
        string[] files = [Path.Combine(_data.FullName, "journal.db"), Path.Combine(_data.FullName, "journal.db-wal")];
        await Chattr("+i", files);
        try
        {
            var (status, journal) = await ReadyAsync(http);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("failing", journal.GetProperty("status").GetString());
            Assert.Contains("cannot be written", journal.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await Chattr("-i", files);
        }

        // Then writable again, ready again
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(http)).Status);
    }

    // What moved between two scrapes: the traffic of this test alone.
    private sealed class Delta(PrometheusScrape before, PrometheusScrape after)
    {
        public double? Value(string name, params (string Key, string Value)[] labels) =>
            after.Value(name, labels) is { } now ? now - (before.Value(name, labels) ?? 0) : null;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Journal)> ReadyAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "journal").Clone());
    }

    private static async Task Chattr(string flag, string[] files)
    {
        var result = await ExternalTool.RunAsync("chattr", [flag, .. files]);
        Assert.True(result.ExitCode == 0, "chattr failed: " + result.All);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await _journal!.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _core.Dispose();
        _pki.Dispose();
        _data.Delete(recursive: true);
    }
}
