using System.Diagnostics;
using System.Text.RegularExpressions;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary>The status page as a person sees it: `ehi serve --dev` with traffic and a refusal,
/// the page loaded in Debian's headless Chromium, its rendered text read and a screenshot kept.</summary>
public sealed partial class StatusPageTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ehi-status-");

    [Fact]
    public async Task StatusPage_InChromium_ShowsDaysLeft_ANonEmptyChart_AndTheRefusalJustProvoked()
    {
        // Given ehi serve --dev with its admin listener on an ephemeral port
        using var server = EhiProcess.Start(_dir.FullName, "serve", "--dev", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0");
        try
        {
            var banner = await ServeBanner.ReadAsync(server);
            int port = banner.Port;
            string admin = banner.Admin;
            var pki = new Ehi.Pki.Dev.DevPkiLayout(Path.Combine(_dir.FullName, ".ehi", "pki"));

            // And traffic: authorisations (the card is unknown to the ledger: 14), a Cut-Off that differs, and a request without a certificate
            for (int i = 0; i < 12; i++)
            {
                string auth = $$"""{"MTID":"0100","Txn_Type":"A","TXn_ID":{{8_100_000 + i}},"Token":555000111,"Proc_Code":"000000","Bill_Amt":-1.00,"Bill_Ccy":"826","Txn_Amt":1.00,"Txn_CCy":"826","SendingAttemptCount":0}""";
                var sent = await Curl(port, pki, auth);
                Assert.Contains("Responsestatus", sent.Stdout, StringComparison.Ordinal);
            }

            await Curl(port, pki, """{"CutOffId":4242,"FirstTransactionId":8100000,"LastTransactionId":8100011,"AuthsAcknowledged":99,"AuthsNotAcknowledged":0,"FinancialsAcknowledged":0,"FinancialsNotAcknowledged":0,"LoadsUnloadsAcknowledged":0,"LoadsUnloadsNotAcknowledged":0,"BalanceAdjustExpiryAcknowledged":0,"BalanceAdjustExpiryNotAcknowledged":0}""");
            var refused = await ExternalTool.RunAsync("curl", ["-s", "--cacert", pki.HostRootCert, $"https://127.0.0.1:{port}/ehi"]);
            Assert.Contains("No required SSL certificate was sent", refused.Stdout, StringComparison.Ordinal);

            // When a person opens the status page (a phone-sized window)
            string screenshot = Path.Combine(AppContext.BaseDirectory, "artifacts", "status-page.png");
            Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
            File.Delete(screenshot);
            string[] chromium = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--user-data-dir=" + Path.Combine(_dir.FullName, "chromium"), "--virtual-time-budget=8000"];
            var dom = await ExternalTool.RunAsync("chromium", [.. chromium, "--dump-dom", admin + "/"], timeout: TimeSpan.FromSeconds(90));
            var shot = await ExternalTool.RunAsync("chromium", [.. chromium, "--window-size=412,2400", "--screenshot=" + screenshot, admin + "/"], timeout: TimeSpan.FromSeconds(90));
            output.WriteLine("screenshot: " + screenshot);
            output.WriteLine(shot.All);
            string page = dom.Stdout;

            // Then the script ran and drew what the server knows
            Assert.Contains("data-loaded=\"true\"", page, StringComparison.Ordinal);
            Assert.DoesNotContain("http://cdn", page, StringComparison.OrdinalIgnoreCase);

            // The server certificate's days left (the dev certificate is valid for about 396 days)
            var days = ServerDaysLeft().Match(page);
            Assert.True(days.Success, "no server certificate row with days left in:\n" + page);
            Assert.InRange(int.Parse(days.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 300, 400);

            // A non-empty rate chart: at least one bar for the slot the messages fell in
            var points = RatePoints().Match(page);
            Assert.True(points.Success && int.Parse(points.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 1, "the rate chart is empty");
            Assert.Contains("<rect class=\"bar\"", page, StringComparison.Ordinal);
            Assert.Contains("polyline class=\"p99\"", page, StringComparison.Ordinal);

            // The refusal just provoked, by reason, and the answers by status, and the Cut-Off that differs
            Assert.Contains(">no_certificate<", page, StringComparison.Ordinal);
            Assert.Contains("(no certificate)", page, StringComparison.Ordinal);
            Assert.Contains(">14<", page, StringComparison.Ordinal);
            Assert.Contains(">4242<", page, StringComparison.Ordinal);
            Assert.Contains("differs: ", page, StringComparison.Ordinal);
            Assert.Contains("journal.db is writable", page, StringComparison.Ordinal);

            // And the screenshot was taken
            Assert.True(File.Exists(screenshot) && new FileInfo(screenshot).Length > 10_000, "no screenshot: " + shot.All);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static Task<ExternalTool.Result> Curl(int port, Ehi.Pki.Dev.DevPkiLayout pki, string body) =>
        ExternalTool.RunAsync("curl", ["-s", "--cacert", pki.HostRootCert, "--cert", pki.ClientCert, "--key", pki.ClientKey, "-H", "Content-Type: application/json", "-d", body, $"https://127.0.0.1:{port}/ehi"]);



    [GeneratedRegex(@"<td>server</td><td>[^<]*</td><td class=""ok"">(\d+) days</td>")]
    private static partial Regex ServerDaysLeft();

    [GeneratedRegex(@"id=""rate-chart""[^>]*data-points=""(\d+)""")]
    private static partial Regex RatePoints();

    public void Dispose() => _dir.Delete(recursive: true);
}
