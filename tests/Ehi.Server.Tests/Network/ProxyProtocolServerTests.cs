using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Ehi.Core.Handling;
using Ehi.Server.Hosting;
using Ehi.Server.Messaging;
using Ehi.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Ehi.Server.Tests.Network;

/// <summary>The real server behind a pretend load balancer: the test connects over loopback and
/// writes the PROXY protocol header itself, as HAProxy would. 203.0.113.0/24 and 198.51.100.0/24
/// (TEST-NET) only ever appear inside headers; nothing is sent to them.</summary>
public sealed class ProxyProtocolServerTests(ITestOutputHelper output) : IDisposable
{
    private const string Thredd = "203.0.113.7";
    private const string Stranger = "198.51.100.1";
    private readonly TestPki _pki = new();
    private readonly RecordingHandler _handler = new();

    public static TheoryData<string> Versions => ["v1", "v2"];

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task AllowList_SeesTheAddressInTheHeader_AdmitsThredd(string version)
    {
        await using var server = await StartBehindBalancerAsync(allowIp: Thredd);

        var answer = await ClientWith(server, Header(version, Thredd)).PostAsync("/ehi", """{"foo": "bar"}""");

        Assert.Equal(200, answer.Status);
        Assert.Equal(Thredd, Assert.Single(_handler.RemoteAddresses));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task AllowList_SeesTheAddressInTheHeader_RefusesAStrangerBeforeTls(string version)
    {
        await using var server = await StartBehindBalancerAsync(allowIp: Thredd);

        await AssertClosedBeforeTlsAsync(ClientWith(server, Header(version, Stranger)));

        Assert.Contains(server.Logs.Lines, l => l.Contains($"address {Stranger} is not in Ehi:AllowIps (via balancer 127.0.0.1)", StringComparison.Ordinal));
        Assert.Empty(_handler.RemoteAddresses);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task HeaderFromAnUntrustedPeer_IsRefusedBeforeTls(string version)
    {
        // The balancer is 127.0.0.1; a client on 127.0.0.2 forging a header is not believed.
        await using var server = await StartBehindBalancerAsync(trustedProxy: "127.0.0.1/32");

        await AssertClosedBeforeTlsAsync(ClientWith(server, Header(version, Thredd), localAddress: "127.0.0.2"));

        Assert.Contains(server.Logs.Lines, l => l.Contains("address 127.0.0.2 is not in Ehi:ProxyProtocol:TrustedProxies", StringComparison.Ordinal));
        Assert.Empty(_handler.RemoteAddresses);
    }

    [Fact]
    public async Task TrustedPeerWithoutAHeader_IsRefused()
    {
        await using var server = await StartBehindBalancerAsync();

        await AssertClosedBeforeTlsAsync(server.Client(_pki, _pki.Client));

        Assert.Contains(server.Logs.Lines, l => l.Contains("from balancer 127.0.0.1, the connection started with a TLS handshake, not a PROXY protocol header", StringComparison.Ordinal));
    }

    public static TheoryData<string, byte[], string> MalformedHeaders => new()
    {
        { "v1 with a bad address", Encoding.ASCII.GetBytes("PROXY TCP4 203.0.113.999 10.0.0.5 1 443\r\n"), "are not both TCP4 addresses" },
        { "v1 without CRLF", Encoding.ASCII.GetBytes("PROXY TCP4 203.0.113.7 10.0.0.5 1 443" + new string(' ', 80)), "no CRLF within 107 bytes" },
        { "v2 UDP", ProxyHeaders.Frame(0x21, 0x12, new byte[12]), "not TCP over IPv4 or IPv6" },
        { "v2 version 3", ProxyHeaders.Frame(0x31, 0x11, new byte[12]), "version is 3" },
        { "an HTTP request", Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), "did not start with a PROXY protocol v1 or v2 signature" },
    };

    [Theory]
    [MemberData(nameof(MalformedHeaders))]
    public async Task MalformedHeader_IsRefusedWithTheReason(string name, byte[] header, string reason)
    {
        await using var server = await StartBehindBalancerAsync();

        await AssertClosedBeforeTlsAsync(ClientWith(server, header));

        Assert.True(server.Logs.Lines.Any(l => l.Contains("Connection refused: from balancer 127.0.0.1", StringComparison.Ordinal) && l.Contains(reason, StringComparison.Ordinal)), name);
    }

    [Fact]
    public async Task IncompleteHeader_IsRefusedAfterTheHeaderTimeout()
    {
        await using var server = await StartBehindBalancerAsync(configure: s => s["Ehi:ProxyProtocol:HeaderTimeout"] = "00:00:00.300");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.Port);
        await tcp.GetStream().WriteAsync(ProxyHeaders.V2(Thredd, "10.0.0.5").AsMemory(0, 20));

        // The server closes the connection by itself (the read ends) instead of waiting for more.
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        int read = await ReadOrResetAsync(tcp.GetStream(), wait.Token);

        Assert.Equal(0, read);
        Assert.Contains(server.Logs.Lines, l => l.Contains("no complete PROXY protocol header within 0.3 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HeaderCutShortByTheBalancerClosing_IsRefused()
    {
        await using var server = await StartBehindBalancerAsync();
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync("127.0.0.1", server.Port);
            var stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("PROXY TCP4 203.0.113.7 10.0"));
            tcp.Client.Shutdown(SocketShutdown.Send);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await ReadOrResetAsync(stream, wait.Token);
        }

        await WaitForLogAsync(server, "closed after 27 byte(s) of an incomplete PROXY protocol header");
    }

    [Fact]
    public async Task Local_HealthCheckHeader_KeepsTheBalancersAddress()
    {
        await using var server = await StartBehindBalancerAsync();

        var answer = await ClientWith(server, ProxyHeaders.V2Local()).PostAsync("/ehi", "{}");

        Assert.Equal(200, answer.Status);
        Assert.Equal("127.0.0.1", Assert.Single(_handler.RemoteAddresses));
    }

    [Fact]
    public async Task Local_HealthCheckWithTheAllowListOn_IsClosedQuietly()
    {
        // HAProxy's checks send LOCAL from the balancer itself: the allow list (Thredd only) keeps them out of TLS, without a warning each time.
        await using var server = await StartBehindBalancerAsync(allowIp: Thredd);

        await AssertClosedBeforeTlsAsync(ClientWith(server, ProxyHeaders.V2Local()));

        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains("Connection refused", StringComparison.Ordinal));
        Assert.Empty(_handler.RemoteAddresses);
    }

    [Fact]
    public async Task UnknownClient_IsJudgedByTheBalancersAddress()
    {
        // v1 UNKNOWN names no client: the allow list sees the balancer, so an allow list of Thredd's address refuses it.
        await using var server = await StartBehindBalancerAsync(allowIp: Thredd);

        await AssertClosedBeforeTlsAsync(ClientWith(server, ProxyHeaders.V1Unknown()));

        Assert.Contains(server.Logs.Lines, l => l.Contains("address 127.0.0.1 is not in Ehi:AllowIps (via balancer 127.0.0.1)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ipv6ClientInTheHeader_ReachesTheHandler()
    {
        await using var server = await StartBehindBalancerAsync(allowIp: "2001:db8::/32");

        var answer = await ClientWith(server, ProxyHeaders.V2("2001:db8::7", "2001:db8::5")).PostAsync("/ehi", "{}");

        Assert.Equal(200, answer.Status);
        Assert.Equal("2001:db8::7", Assert.Single(_handler.RemoteAddresses));
    }

    [Fact]
    public async Task Refusals_NameTheRealClient()
    {
        // A request without a client certificate is refused at the HTTP level: the log names Thredd's address, not the balancer's.
        await using var server = await StartBehindBalancerAsync();

        var answer = await ClientWith(server, ProxyHeaders.V1(Thredd, "10.0.0.5"), certificate: false).PostAsync("/ehi", "{}");

        Assert.Equal(400, answer.Status);
        Assert.Contains(server.Logs.Lines, l => l.Contains("Request refused (NoCertificate)", StringComparison.Ordinal) && l.Contains($"remote {Thredd},", StringComparison.Ordinal)
            && l.Contains($"=> client {Thredd} (via balancer 127.0.0.1)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeepAlive_ManyRequestsOnOneConnection_OneHeader()
    {
        await using var server = await StartBehindBalancerAsync(allowIp: Thredd);
        await using var connection = await ClientWith(server, ProxyHeaders.V2(Thredd, "10.0.0.5", 1, 2, (0x01, "http/1.1"u8.ToArray()))).OpenAsync();

        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(200, (await connection.SendAsync("POST", "/ehi", "{}")).Status);
        }

        Assert.Equal([Thredd, Thredd, Thredd], _handler.RemoteAddresses);
    }

    [Fact]
    public async Task ProxyProtocolOff_HandlerSeesThePeer()
    {
        await using var server = await TestServer.StartAsync(_pki, output, services: s => s.AddSingleton<IEhiMessageHandler>(_handler));

        Assert.Equal(200, (await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}")).Status);
        Assert.Equal("127.0.0.1", Assert.Single(_handler.RemoteAddresses));
    }

    [Fact]
    public async Task Refusals_AreCountedInTheMetrics_ByReason()
    {
        await using var server = await StartBehindBalancerAsync(trustedProxy: "127.0.0.1/32", allowIp: Thredd, configure: s => s["Ehi:Admin:Listen"] = "127.0.0.1:0");

        await AssertClosedBeforeTlsAsync(ClientWith(server, Header("v2", Thredd), localAddress: "127.0.0.2")); // untrusted peer
        await AssertClosedBeforeTlsAsync(ClientWith(server, ProxyHeaders.Frame(0x21, 0x12, new byte[12]))); // bad header
        await AssertClosedBeforeTlsAsync(ClientWith(server, Header("v1", Stranger))); // allow list, on the header's address
        Assert.Equal(200, (await ClientWith(server, Header("v1", Thredd)).PostAsync("/ehi", "{}")).Status);

        var scrape = await PrometheusScrape.FetchAsync(server.Host.AdminAddress!);
        Assert.Equal(1, scrape.Value("ehi_proxy_protocol_refusals_total", ("ehi_refusal_reason", "untrusted_peer")));
        Assert.Equal(1, scrape.Value("ehi_proxy_protocol_refusals_total", ("ehi_refusal_reason", "bad_header")));
        Assert.Equal(1, scrape.Value("ehi_allow_list_refusals_total"));
    }

    [Fact]
    public void Settings_ProxyProtocolWithoutTrustedProxies_StopsTheServer()
    {
        var error = Assert.Throws<ServerConfigurationException>(() => Create(s => s["Ehi:ProxyProtocol:Enabled"] = "true"));

        Assert.Equal(
            "Ehi:ProxyProtocol:Enabled is on but Ehi:ProxyProtocol:TrustedProxies is empty; name the load balancer's address or range with --trusted-proxy 10.0.0.5 (repeatable), or turn the PROXY protocol off.",
            Assert.Single(error.Problems));
    }

    [Fact]
    public void Settings_TrustedProxiesWithoutProxyProtocol_StopsTheServer()
    {
        var error = Assert.Throws<ServerConfigurationException>(() => Create(s => s["Ehi:ProxyProtocol:TrustedProxies:0"] = "10.0.0.5"));

        Assert.StartsWith("Ehi:ProxyProtocol:TrustedProxies is set but the PROXY protocol is off", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_BadTrustedProxyAndTimeout_AreNamed()
    {
        var error = Assert.Throws<ServerConfigurationException>(() => Create(s =>
        {
            s["Ehi:ProxyProtocol:Enabled"] = "true";
            s["Ehi:ProxyProtocol:TrustedProxies:0"] = "10.0.0.0/40";
            s["Ehi:ProxyProtocol:HeaderTimeout"] = "00:00:00";
        }));

        Assert.Contains("Ehi:ProxyProtocol:TrustedProxies entry '10.0.0.0/40' is not an IP address or CIDR range; write it like 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32.", error.Problems);
        Assert.Contains("Ehi:ProxyProtocol:HeaderTimeout is 00:00:00; it must be a positive duration such as 00:00:10.", error.Problems);
    }

    public void Dispose() => _pki.Dispose();

    private static byte[] Header(string version, string client) =>
        version == "v1" ? ProxyHeaders.V1(client, "10.0.0.5") : ProxyHeaders.V2(client, "10.0.0.5");

    private MtlsClient ClientWith(TestServer server, byte[] preamble, string? localAddress = null, bool certificate = true) => new()
    {
        Port = server.Port,
        ServerRoot = _pki.HostRoot.Certificate,
        Certificate = certificate ? _pki.Client : null,
        Preamble = preamble,
        LocalAddress = localAddress,
    };

    private Task<TestServer> StartBehindBalancerAsync(string? allowIp = null, string trustedProxy = "127.0.0.0/8", Action<Dictionary<string, string?>>? configure = null) =>
        TestServer.StartAsync(
            _pki,
            output,
            s =>
            {
                s["Ehi:ProxyProtocol:Enabled"] = "true";
                s["Ehi:ProxyProtocol:TrustedProxies:0"] = trustedProxy;
                if (allowIp is not null)
                {
                    s["Ehi:AllowIps:0"] = allowIp;
                }

                configure?.Invoke(s);
            },
            s => s.AddSingleton<IEhiMessageHandler>(_handler));

    private static async Task AssertClosedBeforeTlsAsync(MtlsClient client)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.PostAsync("/ehi", "{}"));
        Assert.True(error is IOException or SocketException or AuthenticationException, error.ToString());
    }

    private static async Task<int> ReadOrResetAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.ReadAsync(new byte[64], cancellationToken);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static async Task WaitForLogAsync(TestServer server, string text)
    {
        for (int i = 0; i < 100 && !server.Logs.Lines.Any(l => l.Contains(text, StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100);
        }

        Assert.Contains(server.Logs.Lines, l => l.Contains(text, StringComparison.Ordinal));
    }

    private EhiServerHost Create(Action<Dictionary<string, string?>> configure)
    {
        var settings = TestServer.DefaultSettings(_pki);
        configure(settings);
        return EhiServerHost.Create(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
    }

    /// <summary>Acknowledges like the default handler and records the address each request came from.</summary>
    private sealed class RecordingHandler : IEhiMessageHandler
    {
        private readonly AcknowledgeOnlyHandler _inner = new();
        private readonly ConcurrentQueue<string?> _addresses = new();

        public IReadOnlyList<string?> RemoteAddresses => [.. _addresses];

        public ValueTask<EhiAnswer> HandleAsync(EhiRequest request, CancellationToken cancellationToken)
        {
            _addresses.Enqueue(request.RemoteAddress);
            return _inner.HandleAsync(request, cancellationToken);
        }
    }
}
