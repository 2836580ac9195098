using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary>No cold process (issue 11): the first message after <c>ehi serve</c> reports itself ready
/// costs about what later ones cost, because the server warmed every path (TLS handshake, HTTP,
/// parsing, classification, decision, journal, answer) with a loopback exchange before reporting.</summary>
public sealed class WarmStartTests(ITestOutputHelper output) : IDisposable
{
    private const int Later = 50;
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ehi-warm-start-");

    [Theory]
    [InlineData("ledger")]
    [InlineData("forward")]
    public async Task FirstMessageAfterReady_CostsAboutWhatLaterOnesCost(string provider)
    {
        // Given this test's own TLS client already warm (its JIT must not be blamed on the server)
        // and a decision service for the forward provider
        await WarmThisClientAsync();
        using var core = new LoopbackHttpServer(_ => """{"Responsestatus":"00"}"""u8.ToArray());

        // When ehi serve --dev starts, reports ready and gets its first message on a new mTLS
        // connection, then 50 more, each on its own; twice, from a new process and journal each time
        // (the quicker first counts: a cold process is slow every time, a busy machine only sometimes)
        var firsts = new List<double>();
        var later = new List<double>();
        var breakdown = new List<string>();
        for (int run = 0; run < 2; run++)
        {
            var (first, rest, phases) = await RunOnceAsync(provider, core, run);
            firsts.Add(first);
            later.AddRange(rest);
            breakdown.Add(phases);
        }

        // Then the first is within the 150 ms budget and within 3x the median of the later ones (+10 ms
        // for a 2-core machine's scheduling noise); a cold process took 100-270 ms for it (issue 11)
        later.Sort();
        double p50 = later[later.Count / 2];
        double quickest = firsts.Min();
        string measured = string.Create(CultureInfo.InvariantCulture, $"{provider}: first {string.Join(" and ", firsts.Select(f => f.ToString("0.0", CultureInfo.InvariantCulture)))} ms, later p50 {p50:0.0} ms, max {later[^1]:0.0} ms; server side {string.Join("; ", breakdown)}");
        output.WriteLine(measured);
        Assert.True(quickest < 150, measured);
        Assert.True(quickest <= (3 * p50) + 10, measured);
    }

    private async Task<(double First, List<double> Later, string Phases)> RunOnceAsync(string provider, LoopbackHttpServer core, int run)
    {
        string data = Path.Combine(_dir.FullName, "data-" + run);
        string[] providerArgs = provider == "forward" ? ["--provider", "forward", "--forward-url", core.BaseUrl + "decide"] : ["--provider", provider];
        await using var host = await EhiHost.StartAsync("ehi", _dir.FullName, output, ["--dev", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0", "--data", data, .. providerArgs]);
        using (var http = new HttpClient())
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(host.Admin + "/readyz")).StatusCode);
        }

        var pki = new Ehi.Pki.Dev.DevPkiLayout(Path.Combine(_dir.FullName, ".ehi", "pki"));
        using var certificate = X509Certificate2.CreateFromPemFile(pki.ClientCert, pki.ClientKey);
        using var root = X509CertificateLoader.LoadCertificateFromFile(pki.HostRootCert);
        var mtls = new MtlsClient { Port = host.Port, ServerRoot = root, Certificate = certificate };
        var before = await ServerPhases.ReadAsync(host.Admin!);
        double first = await TimeOneAsync(mtls, 1000);
        var afterFirst = await ServerPhases.ReadAsync(host.Admin!);
        var later = new List<double>();
        for (int i = 1; i <= Later; i++)
        {
            later.Add(await TimeOneAsync(mtls, 1000 + i));
        }

        // Where the server spent the first message's time against the mean of the later ones, so that a
        // failure says which phase was slow.
        var afterLater = await ServerPhases.ReadAsync(host.Admin!);
        string phases = $"first {ServerPhases.Describe(before, afterFirst, 1)}, later mean {ServerPhases.Describe(afterFirst, afterLater, Later)}";

        // The warm-up left nothing in the journal: exactly the 51 messages sent are there
        var exported = await CliRunner.RunAsync("journal", "export", "--data", data);
        Assert.True(exported.Exit == 0, exported.Err);
        Assert.Equal(Later + 1, exported.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        return (first, later, phases);
    }

    public void Dispose()
    {
        try
        {
            _dir.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process: the temp directory is cleaned up later.
        }
    }

    private static async Task<double> TimeOneAsync(MtlsClient mtls, long txnId)
    {
        string body = $$"""{"MTID":"0100","Txn_Type":"A","TXn_ID":{{txnId}},"Token":107419774,"Bill_Amt":-1.00,"Bill_Ccy":"826","Txn_CCy":"826","Proc_Code":"000000","Authorised_by_GPS":"N"}""";
        var watch = Stopwatch.StartNew();
        await using var connection = await mtls.OpenAsync();
        var answer = await connection.SendAsync("POST", "/ehi", body);
        double elapsed = watch.Elapsed.TotalMilliseconds;
        Assert.True(answer.Status == 200, answer.Body);
        return elapsed;
    }

    // One mTLS exchange with an in-process server, so the client side's first-use costs are paid here.
    private async Task WarmThisClientAsync()
    {
        using var pki = new TestPki();
        await using var server = await TestServer.StartAsync(pki, null);
        var mtls = server.Client(pki, pki.Client);
        for (int i = 0; i < 3; i++)
        {
            await using var connection = await mtls.OpenAsync();
            Assert.Equal(200, (await connection.SendAsync("POST", "/ehi", """{"foo":"bar"}""")).Status);
        }

        output.WriteLine("client warmed");
    }
}
