using Ehi.Core.Handling;
using Ehi.Processing.Configuration;
using Ehi.Processing.Decisions;
using Ehi.Processing.Journal;
using Ehi.Storage.Sqlite;
using Ehi.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Ehi.Processing.Tests.EndToEnd;

/// <summary>Two real servers behind a real HAProxy in TCP mode with <c>send-proxy-v2</c>: the
/// reference examples over mTLS through the balancer, and the client's address (not the
/// balancer's) in the allow list, the logs and the journal. On loopback: the client connects from
/// 127.0.0.2, HAProxy reaches the hosts from 127.0.0.3, a stranger comes from 127.0.0.4.</summary>
public sealed class LoadBalancedExamplesTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Client = "127.0.0.2";
    private const string Balancer = "127.0.0.3";
    private const string Stranger = "127.0.0.4";
    private readonly TestPki _pki = new();
    private readonly List<(TestServer Server, SqliteStore Journal, DirectoryInfo Data)> _hosts = [];
    private HaproxyServer? _haproxy;

    public async Task InitializeAsync()
    {
        for (int i = 0; i < 2; i++)
        {
            var data = Directory.CreateTempSubdirectory("ehi-lb-");
            var journal = SqliteStore.Open(data.FullName);
            var options = new ProcessingOptions { Budget = TimeSpan.FromSeconds(10), Static = { Balance = 2425.63m } };
            var server = await TestServer.StartAsync(
                _pki,
                output,
                s =>
                {
                    s["Ehi:ProxyProtocol:Enabled"] = "true";
                    s["Ehi:ProxyProtocol:TrustedProxies:0"] = Balancer;
                    s["Ehi:AllowIps:0"] = Client;
                },
                s =>
                {
                    s.AddEhiProcessing(options, journal, new Ehi.Processing.Ledger.LedgerOptions(), _ => new StaticDecisionProvider(options.Static));
                });
            _hosts.Add((server, journal, data));
        }

        _haproxy = await HaproxyServer.StartAsync([.. _hosts.Select(h => h.Server.Port)], new HaproxyOptions { SourceAddress = Balancer });
    }

    [Fact]
    public async Task ReferenceExamples_ThroughHaproxy_GetTheirAnswers_JournalledWithTheClientsAddress()
    {
        foreach (var example in ReferenceExamplesTests.Examples())
        {
            string name = (string)example[0], body = (string)example[1], expected = (string)example[2];

            var answer = await ThroughBalancer(Client).PostAsync("/ehi", body);

            Assert.True(answer.Status == 200, $"{name}: {answer.Status} {answer.Body}\n{_haproxy!.Log}");
            Assert.Equal(expected, answer.Body);
        }

        // Round robin spread the connections over both hosts; each journal names the client, never the balancer.
        var perHost = new List<List<JournalEntry>>();
        foreach (var (_, journal, _) in _hosts)
        {
            var entries = new List<JournalEntry>();
            await foreach (var e in journal.ListAsync(new JournalQuery(), CancellationToken.None))
            {
                entries.Add(e);
            }

            perHost.Add(entries);
        }

        Assert.All(perHost, entries => Assert.NotEmpty(entries));
        Assert.Equal(5, perHost.Sum(e => e.Count)); // the five examples that are messages (the Cut-Off is kept apart)
        Assert.All(perHost.SelectMany(e => e), e => Assert.Equal(Client, e.RemoteAddress));
    }

    [Fact]
    public async Task GuideProbe_ThroughHaproxy_Answers200_WithoutCertificate400()
    {
        var probe = await ThroughBalancer(Client).PostAsync("/ehi", """{"foo": "bar"}""");
        var noCertificate = await new MtlsClient { Port = _haproxy!.Port, ServerRoot = _pki.HostRoot.Certificate, LocalAddress = Client }.PostAsync("/ehi", "{}");

        Assert.Equal((200, """{"Acknowledgement":"0"}"""), (probe.Status, probe.Body));
        Assert.Equal(400, noCertificate.Status);
        Assert.Contains(AllLogs(), l => l.Contains("Request refused (NoCertificate)", StringComparison.Ordinal) && l.Contains($"remote {Client},", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stranger_ThroughHaproxy_IsRefusedByTheAllowListBeforeTls_NamingItsAddress()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ThroughBalancer(Stranger).PostAsync("/ehi", "{}"));

        Assert.True(error is IOException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException, error.ToString());
        Assert.Contains(AllLogs(), l => l.Contains($"address {Stranger} is not in Ehi:AllowIps (via balancer {Balancer})", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HealthChecks_KeepBothHostsUp_WithoutWarnings()
    {
        await Task.Delay(TimeSpan.FromSeconds(2)); // a few check intervals

        var states = await _haproxy!.HostStatesAsync();

        Assert.Equal(["UP", "UP"], states.Values.Select(s => s.Split(' ')[0]));
        Assert.DoesNotContain(AllLogs(), l => l.StartsWith("Warning", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        if (_haproxy is not null)
        {
            await _haproxy.DisposeAsync();
        }

        foreach (var (server, journal, data) in _hosts)
        {
            await server.DisposeAsync();
            await journal.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            data.Delete(recursive: true);
        }

        _pki.Dispose();
    }

    private MtlsClient ThroughBalancer(string from) => new()
    {
        Port = _haproxy!.Port,
        ServerRoot = _pki.HostRoot.Certificate,
        Certificate = _pki.Client,
        LocalAddress = from,
    };

    private IEnumerable<string> AllLogs() => _hosts.SelectMany(h => h.Server.Logs.Lines);
}
