using Ehi.Pki.Dev;
using Ehi.Processing.Journal;
using Ehi.Processing.Storage;
using Ehi.Storage.Postgres;
using Ehi.Testing;
using Ehi.Testing.Postgres;
using Npgsql;
using Xunit.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary>The production layout of issue 9 with real parts: several <c>ehi serve</c> processes on
/// one PostgreSQL database behind HAProxy (TCP, send-proxy-v2), Thredd played by the simulator and by
/// <see cref="ThreddLoad"/>; hosts killed with SIGKILL, the database primary killed and its
/// synchronous standby promoted, all under load.</summary>
public sealed class MultiHostPostgresTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Balancer = "127.0.0.3";
    private const long Card = 107419774;
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ehi-multihost-");
    private readonly List<EhiHost> _hosts = [];
    private readonly List<PostgresCluster> _clusters = [];
    private HaproxyServer? _haproxy;
    private DevPkiLayout _pki = null!;

    public async Task InitializeAsync()
    {
        _pki = new DevPkiLayout(Path.Combine(_dir.FullName, "pki"));
        Assert.Equal(0, (await CliRunner.RunAsync("pki", "dev", "--dir", _pki.Directory)).Exit);
    }

    [Fact]
    public async Task SimulateRunAll_ThroughHaproxy_ToThreeHostsOnOneDatabase_PassesEveryScenario()
    {
        // Given three hosts on one database behind the balancer
        string database = await StartDatabaseAsync();
        await StartHostsAsync(3, database);

        // When the simulator plays every scenario through the balancer (cards set up through host 1's admin API)
        var run = await CliRunner.RunAsync("simulate", "run", "--all", "--target", $"https://127.0.0.1:{_haproxy!.Port}/ehi",
            "--client-cert", _pki.ClientCert, "--client-key", _pki.ClientKey, "--ca", _pki.HostRootCert, "--admin", _hosts[0].Admin!);
        output.WriteLine(run.Out + run.Err);

        // Then every scenario passes although its messages were spread over three hosts
        Assert.Equal(0, run.Exit);
        Assert.EndsWith("20 passed, 0 failed, 0 skipped\n", run.Out, StringComparison.Ordinal);
        var served = _hosts.Select(h => h.Logs.Count(l => l.Contains("/ehi", StringComparison.Ordinal))).ToList();
        output.WriteLine("log lines naming /ehi per host: " + string.Join(", ", served));
        Assert.Equal(0, (await CliRunner.RunAsync("ledger", "verify", "--database", database)).Exit);
        var keys = await JournalKeysAsync(database);
        Assert.Equal(keys.Distinct().Count(), keys.Count); // one entry per duplicate key, whichever host got each message
        Assert.True(keys.Count >= 20, $"only {keys.Count} journal entries");
    }

    [Fact]
    public async Task HostsKilledUnderLoad_ThroughHaproxy_EveryAnsweredMessageOnceAndResendsReplay()
    {
        // Given three hosts on one database behind the balancer and a funded card
        string database = await StartDatabaseAsync();
        await StartHostsAsync(3, database);
        await CreateCardAsync(1_000_000m);
        await using var load = new ThreddLoad(_pki, _haproxy!.Port, Card, firstTxnId: 5_000_000);
        load.Start(connections: 6);
        Assert.True(await load.WaitForMoreAcknowledgedAsync(100, TimeSpan.FromSeconds(60)), "no traffic through the balancer");

        // When each host in turn is killed with SIGKILL under load and started again on its port
        for (int round = 0; round < 3; round++)
        {
            int victim = round % _hosts.Count;
            await _hosts[victim].KillHardAsync();
            Assert.True(await load.WaitForMoreAcknowledgedAsync(50, TimeSpan.FromSeconds(60)), $"traffic stopped after host {victim + 1} was killed");
            await RestartHostAsync(victim, database);
            await _haproxy.WaitForHostsAsync(3, TimeSpan.FromSeconds(30));
            Assert.True(await load.WaitForMoreAcknowledgedAsync(50, TimeSpan.FromSeconds(60)), $"traffic stopped after host {victim + 1} came back");
        }

        await load.StopAsync();
        var acknowledged = load.Acknowledged;
        var resent = await load.ResendUnacknowledgedAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"{acknowledged.Count} acknowledged under load, {load.UnansweredCount} cut off by the kills, {resent.Count} resent");

        // Then every message Thredd sent is in the journal exactly once, approved once, with one hold each
        var sent = load.Answers.Keys.ToList();
        Assert.All(sent, txn => Assert.Equal(ThreddLoad.Approved, load.Answers[txn]));
        var stored = await JournalTxnIdsAsync(database);
        Assert.Equal(sent.Order(), stored.Order());
        Assert.Equal(sent.Count, await CountHoldsAsync(database));

        // And a late resend of a message answered before a kill gets the stored answer, applying nothing
        foreach (long txn in acknowledged.Take(20))
        {
            Assert.Equal(ThreddLoad.Approved, await load.ResendAsync(txn, attempt: 5));
        }

        Assert.Equal(sent.Count, await CountHoldsAsync(database));
        Assert.Equal(0, (await CliRunner.RunAsync("ledger", "verify", "--database", database)).Exit);
    }

    [Fact]
    public async Task PrimaryKilledUnderLoad_StandbyPromoted_NoAcknowledgedMessageLost_HostsFollowWithoutRestart()
    {
        // Given a primary with a synchronous streaming standby, and two hosts given both addresses
        var primary = await StartClusterAsync();
        string single = await primary.CreateDatabaseAsync("failover");
        var standby = await primary.StartStandbyAsync(synchronous: true);
        _clusters.Add(standby);
        var both = new NpgsqlConnectionStringBuilder(single)
        {
            Host = $"127.0.0.1:{primary.Port},127.0.0.1:{standby.Port}",
            TargetSessionAttributes = "primary",
            HostRecheckSeconds = 1,
            Timeout = 3,
        };
        await StartHostsAsync(2, both.ConnectionString);
        await AssertReadinessAsync(ready: true, $@"ok\s+database\s+the primary at 127\.0\.0\.1:{primary.Port} committed a write");
        await CreateCardAsync(1_000_000m);
        await using var load = new ThreddLoad(_pki, _haproxy!.Port, Card, firstTxnId: 7_000_000);
        load.Start(connections: 4);
        Assert.True(await load.WaitForMoreAcknowledgedAsync(100, TimeSpan.FromSeconds(60)), "no traffic before the failover");

        // (The database client's own meters are on every host's /metrics beside ehi's.)
        var scrape = await PrometheusScrape.FetchAsync(new Uri(_hosts[0].Admin!));
        Assert.Contains("db_client_", scrape.Text, StringComparison.Ordinal);

        // When the primary dies hard under load
        await primary.KillAsync();
        var acknowledgedBefore = load.Acknowledged;
        await Task.Delay(TimeSpan.FromSeconds(1));
        int answeredWhileDown = load.Answers.Count;

        // Then while there is no primary, messages are answered "resend", never approved
        await Task.Delay(TimeSpan.FromSeconds(1));
        var duringOutage = load.Answers.Where(a => !acknowledgedBefore.Contains(a.Key)).Select(a => a.Value).Distinct().ToList();
        output.WriteLine($"answers while no primary: {string.Join(" | ", duringOutage)}");
        Assert.Contains("""{"Acknowledgement":"0","Responsestatus":"05"}""", duringOutage);
        await AssertReadinessAsync(ready: false, @"failing\s+database\s+no writable primary");

        // When the standby is promoted, the hosts follow it without a restart
        await standby.PromoteAsync();
        Assert.True(await load.WaitForMoreAcknowledgedAsync(100, TimeSpan.FromSeconds(60)), "the hosts did not resume on the promoted standby");
        await AssertReadinessAsync(ready: true, $@"ok\s+database\s+the primary at 127\.0\.0\.1:{standby.Port} committed a write");
        await load.StopAsync();
        var resent = await load.ResendUnacknowledgedAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"{acknowledgedBefore.Count} acknowledged before the kill, {answeredWhileDown} answers by 1 s after, {resent.Count} resent after promotion, {load.Acknowledged.Count} acknowledged in all");

        // Then nothing acknowledged by the old primary is missing on the new one, and every message is there once
        string promoted = new NpgsqlConnectionStringBuilder(single) { Port = standby.Port }.ConnectionString;
        var stored = await JournalTxnIdsAsync(promoted);
        Assert.Empty(acknowledgedBefore.Except(stored));
        Assert.Equal(load.Answers.Keys.Order(), stored.Order());
        Assert.All(load.Answers.Values, answer => Assert.Equal(ThreddLoad.Approved, answer));
        Assert.Equal(load.Answers.Count, await CountHoldsAsync(promoted));
        Assert.NotEmpty(resent);
        Assert.Equal(0, (await CliRunner.RunAsync("ledger", "verify", "--database", promoted)).Exit);
    }

    // Every host's /readyz, through ehi status as an operator would read it.
    private async Task AssertReadinessAsync(bool ready, string pattern)
    {
        foreach (var host in _hosts)
        {
            var (exit, text, _) = await CliRunner.RunAsync("status", "--admin", host.Admin!);
            output.WriteLine(text);
            Assert.Equal(ready ? 0 : 1, exit);
            Assert.Matches(pattern, text);
        }
    }

    public async Task DisposeAsync()
    {
        if (_haproxy is not null)
        {
            await _haproxy.DisposeAsync();
        }

        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        foreach (var cluster in _clusters)
        {
            await cluster.DisposeAsync();
        }

        _dir.Delete(recursive: true);
    }

    private async Task<PostgresCluster> StartClusterAsync()
    {
        var cluster = await PostgresCluster.StartAsync();
        _clusters.Add(cluster);
        return cluster;
    }

    private async Task<string> StartDatabaseAsync() => await (await StartClusterAsync()).CreateDatabaseAsync("multihost");

    private string[] HostArguments(string database, int port) =>
    [
        "--dev", "--pki-dir", _pki.Directory, "--database", database, "--listen", $"127.0.0.1:{port}", "--admin-listen", "127.0.0.1:0",
        "--proxy-protocol", "--trusted-proxy", Balancer,
    ];

    private async Task StartHostsAsync(int count, string database)
    {
        for (int i = 0; i < count; i++)
        {
            _hosts.Add(await EhiHost.StartAsync($"h{i + 1}", _dir.FullName, output, HostArguments(database, 0)));
        }

        _haproxy = await HaproxyServer.StartAsync([.. _hosts.Select(h => h.Port)], new HaproxyOptions { SourceAddress = Balancer, CheckInterval = TimeSpan.FromMilliseconds(200) });
    }

    private async Task RestartHostAsync(int index, string database)
    {
        int port = _hosts[index].Port;
        await _hosts[index].DisposeAsync();
        _hosts[index] = await EhiHost.StartAsync($"h{index + 1}'", _dir.FullName, output, HostArguments(database, port));
    }

    private async Task CreateCardAsync(decimal balance)
    {
        var created = await CliRunner.RunAsync("cards", "create", Card.ToString(System.Globalization.CultureInfo.InvariantCulture), "--currency", "826", "--balance", balance.ToString(System.Globalization.CultureInfo.InvariantCulture), "--admin", _hosts[0].Admin!);
        Assert.True(created.Exit == 0, created.Out + created.Err);
    }

    // Every journal entry's TXn_ID, duplicates kept (there must be none).
    private static async Task<List<long>> JournalTxnIdsAsync(string database) => [.. (await JournalKeysAsync(database)).Select(k => k.TxnId)];

    private static async Task<List<JournalKey>> JournalKeysAsync(string database)
    {
        var keys = new List<JournalKey>();
        await using var store = await PostgresStore.OpenAsync(database, CancellationToken.None);
        await foreach (var entry in store.ListAsync(new JournalQuery { Limit = int.MaxValue }, CancellationToken.None))
        {
            keys.Add(entry.Key);
        }

        return keys;
    }

    private static async Task<int> CountHoldsAsync(string database)
    {
        await using IEhiStore store = await PostgresStore.OpenAsync(database, CancellationToken.None);
        var card = await store.GetCardAsync(Card, CancellationToken.None);
        return card!.Holds.Count;
    }
}
