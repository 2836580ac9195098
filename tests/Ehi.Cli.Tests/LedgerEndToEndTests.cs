using System.Text.Json;
using System.Text.RegularExpressions;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary>`ehi serve --dev` (built-in ledger) driven as a user would: cards created with
/// `ehi cards`, an authorisation and its presentment over mTLS, balances read back, `ehi ledger verify`.</summary>
public sealed partial class LedgerEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ehi-ledger-e2e-");

    [Fact]
    public async Task ServeDev_CardsAdminAuthPresentmentVerify()
    {
        // Given ehi serve --dev with its admin API on an ephemeral port
        using var server = EhiProcess.Start(_dir.FullName, "serve", "--dev", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0");
        try
        {
            var (ehiPort, admin) = await ReadAddressesAsync(server);
            var pki = new Ehi.Pki.Dev.DevPkiLayout(Path.Combine(_dir.FullName, ".ehi", "pki"));
            using var client = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(pki.ClientCert, pki.ClientKey);
            using var root = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(pki.HostRootCert);
            var mtls = new MtlsClient { Port = ehiPort, ServerRoot = root, Certificate = client };

            // When a card is created and used
            Assert.Equal(0, (await CliRunner.RunAsync("cards", "create", "107419774", "--currency", "826", "--balance", "100.00", "--admin", admin)).Exit);
            Assert.Equal(1, (await CliRunner.RunAsync("cards", "create", "107419774", "--currency", "826", "--admin", admin)).Exit);
            var auth = await mtls.PostAsync("/ehi", """{"MTID":"0100","Txn_Type":"A","TXn_ID":501,"Token":107419774,"traceid_lifecycle":"VIS1-20250301-1","Trans_link":"T1","Auth_Code_DE38":"123456","Bill_Amt":-12.50,"Bill_Ccy":"826","Txn_CCy":"826","Fee_Fixed":0.25,"Proc_Code":"000000","Authorised_by_GPS":"N"}""");
            Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"00"}""", auth.Body);
            var shown = await CliRunner.RunAsync("cards", "show", "107419774", "--json", "--admin", admin);
            using (var card = JsonDocument.Parse(shown.Out))
            {
                Assert.Equal(87.25m, card.RootElement.GetProperty("availableBalance").GetDecimal());
                Assert.Equal(12.75m, card.RootElement.GetProperty("blockedAmount").GetDecimal());
                Assert.Equal("VIS1-20250301-1", card.RootElement.GetProperty("holds")[0].GetProperty("lifecycle").GetString());
            }

            await mtls.PostAsync("/ehi", """{"MTID":"1240","Txn_Type":"P","TXn_ID":502,"Token":107419774,"traceid_lifecycle":"VIS1-20250301-1","Trans_link":"T1","Auth_Code_DE38":"123456","Matching_Txn_ID":501,"Bill_Amt":-12.50,"Bill_Ccy":"826","Txn_CCy":"826","Proc_Code":"000000"}""");
            Assert.Equal(0, (await CliRunner.RunAsync("cards", "load", "107419774", "10", "--admin", admin)).Exit);
            Assert.Equal(1, (await CliRunner.RunAsync("cards", "unload", "107419774", "1000", "--admin", admin)).Exit);
            Assert.Equal(0, (await CliRunner.RunAsync("cards", "status", "107419774", "lost", "--admin", admin)).Exit);
            var declined = await mtls.PostAsync("/ehi", """{"MTID":"0100","Txn_Type":"A","TXn_ID":503,"Token":107419774,"Bill_Amt":-1.00,"Bill_Ccy":"826","Proc_Code":"000000","Authorised_by_GPS":"N"}""");

            // Then balances, declines and invariants are as a programme manager expects
            Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"41","MerchantAdvice":"03"}""", declined.Body);
            var text = await CliRunner.RunAsync("cards", "show", "107419774", "--admin", admin);
            Assert.Contains("Card 107419774 (826), lost: actual 97.50, available 97.50, blocked 0.00", text.Out, StringComparison.Ordinal);
            var verify = await CliRunner.RunAsync("ledger", "verify", "--admin", admin);
            Assert.True(verify.Exit == 0, verify.Out + verify.Err);
            Assert.Contains("The ledger is consistent.", verify.Out, StringComparison.Ordinal);

            // And the simulator passes every scenario against it, and loads it without an error
            string[] target = ["--target", $"https://127.0.0.1:{ehiPort}/ehi", "--client-cert", pki.ClientCert, "--client-key", pki.ClientKey, "--ca", pki.HostRootCert, "--admin", admin];
            var run = await CliRunner.RunAsync(["simulate", "run", "--all", .. target]);
            output.WriteLine(run.Out + run.Err);
            Assert.Equal(0, run.Exit);
            Assert.EndsWith("20 passed, 0 failed, 0 skipped\n", run.Out, StringComparison.Ordinal);
            string junit = Path.Combine(_dir.FullName, "junit.xml");
            var json = await CliRunner.RunAsync(["simulate", "run", "approve", "refund", "--json", "--junit", junit, .. target]);
            using (var doc = JsonDocument.Parse(json.Out))
            {
                Assert.Equal(2, doc.RootElement.GetProperty("passed").GetInt32());
            }

            Assert.Contains("<testcase classname=\"ehi.simulate\" name=\"refund\"", File.ReadAllText(junit), StringComparison.Ordinal);
            var load = await CliRunner.RunAsync(["simulate", "load", "--rate", "200", "--duration", "2", "--warmup", "1", "--connections", "4", "--cards", "100", "--mix", "auth=70,reversal=10,presentment=20", "--json", .. target]);
            Assert.True(load.Exit == 0, load.Out + load.Err);
            using (var doc = JsonDocument.Parse(load.Out))
            {
                Assert.InRange(doc.RootElement.GetProperty("sent").GetInt64(), 300, 500);
                Assert.Equal(0, doc.RootElement.GetProperty("errors").GetInt64());
                Assert.True(doc.RootElement.GetProperty("latencyMs").GetProperty("p999").GetDouble() > 0);
                // Second by second: both measured seconds, their counts adding up to what was sent.
                var seconds = doc.RootElement.GetProperty("bySecond").EnumerateArray().ToList();
                Assert.Equal([0, 1], seconds.Select(s => s.GetProperty("second").GetInt32()));
                Assert.Equal(doc.RootElement.GetProperty("sent").GetInt64(), seconds.Sum(s => s.GetProperty("sent").GetInt64()));
                Assert.All(seconds, s => Assert.True(s.GetProperty("max").GetDouble() >= s.GetProperty("p99").GetDouble()));
            }

            Assert.Equal(0, (await CliRunner.RunAsync("ledger", "verify", "--admin", admin)).Exit);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Cards_AdminUnreachable_Exits3WithHint()
    {
        int port = LoopbackHttpServer.FreePort();

        var (exit, _, error) = await CliRunner.RunAsync("cards", "show", "1", "--admin", $"http://127.0.0.1:{port}");

        Assert.Equal(3, exit);
        Assert.Contains("hint: is ehi serve running with the ledger?", error, StringComparison.Ordinal);
    }

    private async Task<(int EhiPort, string Admin)> ReadAddressesAsync(System.Diagnostics.Process server)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        int ehi = 0;
        string? admin = null;
        while (await server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            output.WriteLine(line);
            if (Listening().Match(line) is { Success: true } m)
            {
                ehi = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }

            if (AdminLine().Match(line) is { Success: true } a)
            {
                admin = a.Groups[1].Value;
            }

            if (line.StartsWith("Stop with", StringComparison.Ordinal))
            {
                _ = server.StandardOutput.ReadToEndAsync();
                _ = server.StandardError.ReadToEndAsync();
                return (ehi, admin ?? throw new InvalidOperationException("no admin API line"));
            }
        }

        throw new InvalidOperationException("ehi serve did not start: " + await server.StandardError.ReadToEndAsync());
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex Listening();

    [GeneratedRegex(@"admin API\s+(http://[\d.]+:\d+)")]
    private static partial Regex AdminLine();

    public void Dispose() => _dir.Delete(recursive: true);
}
