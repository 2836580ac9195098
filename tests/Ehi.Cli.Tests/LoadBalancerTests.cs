using Ehi.Pki.Dev;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary>Real <c>ehi serve</c> processes behind a real HAProxy (TCP mode, <c>send-proxy-v2</c>),
/// driven with the guide's own tools (curl, openssl) and <c>ehi simulate</c>. On loopback the client
/// is 127.0.0.2, HAProxy reaches the hosts from 127.0.0.3 and a stranger comes from 127.0.0.4, so
/// the hosts can only know the client's address from the PROXY header.</summary>
public sealed class LoadBalancerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Client = "127.0.0.2";
    private const string Balancer = "127.0.0.3";
    private const string Stranger = "127.0.0.4";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ehi-lb-cli-");
    private readonly List<EhiHost> _hosts = [];
    private HaproxyServer? _haproxy;
    private DevPkiLayout _pki = null!;

    public async Task InitializeAsync()
    {
        _pki = new DevPkiLayout(Path.Combine(_dir.FullName, "pki"));
        Assert.Equal(0, (await CliRunner.RunAsync("pki", "dev", "--dir", _pki.Directory)).Exit);
    }

    [Fact]
    public async Task GuideChecks_ThroughHaproxyToTwoHosts_AndTheClientsAddressInTheJournal()
    {
        // Given two hosts that trust only the balancer's address and allow only the client's
        await StartHostsAsync(2, "--allow-ip", "127.0.0.1", "--allow-ip", Client);
        string url = $"https://127.0.0.1:{_haproxy!.Port}/ehi";

        // When the guide's three checks (4.1.4) run through the balancer
        var sClient = await ExternalTool.RunAsync("openssl", ["s_client", "-connect", $"127.0.0.1:{_haproxy.Port}", "-CAfile", _pki.HostRootCert, "-servername", "localhost"], stdin: string.Empty);
        var noCertificate = await Curl(Client, "-s", "-o", "-", "-w", "\n%{http_code}", "--cacert", _pki.HostRootCert, url);
        var probe = await Curl(Client, "-s", "--cacert", _pki.HostRootCert, "--cert", _pki.ClientCert, "--key", _pki.ClientKey, "-X", "POST", "-H", "Content-Type: application/json", "-d", """{"foo": "bar"}""", url);

        // Then each answers as the guide says
        Assert.Contains("Verify return code: 0 (ok)", sClient.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 s:", sClient.Stdout, StringComparison.Ordinal); // the intermediate was sent
        Assert.EndsWith("\n400", noCertificate.Stdout, StringComparison.Ordinal);
        Assert.Contains("No required SSL certificate was sent", noCertificate.Stdout, StringComparison.Ordinal);
        Assert.Equal("""{"Acknowledgement":"0"}""", probe.Stdout);

        // And an authorisation through the balancer is journalled with the client's address
        var auth = await Curl(Client, "-s", "--cacert", _pki.HostRootCert, "--cert", _pki.ClientCert, "--key", _pki.ClientKey, "-X", "POST", "-H", "Content-Type: application/json",
            "-d", """{"MTID":"0100","Txn_Type":"A","TXn_ID":7100,"Token":999000111,"Bill_Amt":-1.00,"Bill_Ccy":"826","Proc_Code":"000000","Authorised_by_GPS":"N"}""", url);
        Assert.Contains("\"Acknowledgement\":\"1\"", auth.Stdout, StringComparison.Ordinal);
        var shown = new List<string>();
        for (int i = 0; i < _hosts.Count; i++)
        {
            var show = await CliRunner.RunAsync("journal", "show", "7100", "--data", DataDir(i));
            shown.Add(show.Out);
        }

        Assert.Single(shown, s => s.Contains("TXn_ID 7100", StringComparison.Ordinal));
        Assert.Contains(shown, s => s.Contains($"from {Client},", StringComparison.Ordinal));

        // And a stranger is refused before TLS by whichever host HAProxy picked, which names the stranger
        var refused = await Curl(Stranger, "-s", "--cacert", _pki.HostRootCert, "--cert", _pki.ClientCert, "--key", _pki.ClientKey, url);
        Assert.NotEqual(0, refused.ExitCode);
        await WaitForAsync(() => _hosts.SelectMany(h => h.Logs).Any(l => l.Contains($"address {Stranger} is not in Ehi:AllowIps (via balancer {Balancer})", StringComparison.Ordinal)));
        Assert.DoesNotContain(_hosts.SelectMany(h => h.Logs), l => l.Contains($"address {Balancer} is not in Ehi:AllowIps", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SimulateRunAll_ThroughHaproxy_PassesEveryScenario()
    {
        // One host with its ledger behind the balancer (several hosts share a ledger only on PostgreSQL)
        await StartHostsAsync(1);

        var run = await CliRunner.RunAsync("simulate", "run", "--all", "--target", $"https://127.0.0.1:{_haproxy!.Port}/ehi",
            "--client-cert", _pki.ClientCert, "--client-key", _pki.ClientKey, "--ca", _pki.HostRootCert, "--admin", _hosts[0].Admin!);
        output.WriteLine(run.Out + run.Err);

        Assert.Equal(0, run.Exit);
        Assert.EndsWith("20 passed, 0 failed, 0 skipped\n", run.Out, StringComparison.Ordinal);
        var list = await CliRunner.RunAsync("journal", "list", "--json", "--data", DataDir(0));
        using var journal = System.Text.Json.JsonDocument.Parse(list.Out);
        var addresses = journal.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("remoteAddress").GetString()).ToList();
        Assert.NotEmpty(addresses);
        Assert.All(addresses, a => Assert.Equal("127.0.0.1", a)); // the simulator's address from the header, never the balancer's 127.0.0.3
        Assert.Equal(0, (await CliRunner.RunAsync("ledger", "verify", "--admin", _hosts[0].Admin!)).Exit);
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

        _dir.Delete(recursive: true);
    }

    private string DataDir(int host) => Path.Combine(_dir.FullName, $"data{host}");

    private async Task StartHostsAsync(int count, params string[] extra)
    {
        for (int i = 0; i < count; i++)
        {
            _hosts.Add(await EhiHost.StartAsync($"h{i + 1}", _dir.FullName, output,
            [
                "--dev", "--pki-dir", _pki.Directory, "--data", DataDir(i), "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0",
                "--proxy-protocol", "--trusted-proxy", Balancer, .. extra,
            ]));
        }

        _haproxy = await HaproxyServer.StartAsync([.. _hosts.Select(h => h.Port)], new HaproxyOptions { SourceAddress = Balancer });
    }

    private static Task<ExternalTool.Result> Curl(string from, params string[] args) =>
        ExternalTool.RunAsync("curl", ["--interface", from, "--max-time", "20", .. args]);

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (int i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition());
    }
}
