using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary>A full disk under <c>ehi serve</c> (its journal on a 4 MB tmpfs, filled up by a file):
/// messages that need more space are answered "resend", never acknowledged without being durable,
/// and the host stays up;
/// once space is freed, Thredd's resends are processed once and acknowledged, and the ledger agrees
/// nothing was applied twice.</summary>
public sealed class FullDiskTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long Card = 107419774;
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ehi-fulldisk-");
    private SmallTmpfs? _disk;

    [RootFact]
    public async Task DiskFull_AnswersResendAndStaysUp_ThenResendsAreProcessedOnce()
    {
        _disk = await SmallTmpfs.MountAsync(Path.Combine(_dir.FullName, "disk"), 4);
        string data = Path.Combine(_disk.Path, "data");
        await using var host = await EhiHost.StartAsync("ehi", _dir.FullName, output, "--dev", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0", "--data", data);
        var pki = new Ehi.Pki.Dev.DevPkiLayout(Path.Combine(_dir.FullName, ".ehi", "pki"));
        using var client = X509Certificate2.CreateFromPemFile(pki.ClientCert, pki.ClientKey);
        using var root = X509CertificateLoader.LoadCertificateFromFile(pki.HostRootCert);
        var mtls = new MtlsClient { Port = host.Port, ServerRoot = root, Certificate = client };
        Assert.Equal(0, (await CliRunner.RunAsync("cards", "create", $"{Card}", "--currency", "826", "--balance", "1000.00", "--admin", host.Admin!)).Exit);
        for (long txn = 1; txn <= 5; txn++)
        {
            Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"00"}""", (await mtls.PostAsync("/ehi", Auth(txn, 0))).Body);
        }

        // When the disk fills up
        long filled = _disk.Fill();
        output.WriteLine($"filler: {filled} bytes");

        // Then a message is acknowledged only while its commit fits in space the journal already holds
        // (a WAL restarted after a checkpoint reuses its file); once it needs more, the answer is
        // "resend", and the host stays up
        var resent = new List<long>();
        long txnId = 6;
        for (; resent.Count < 5 && txnId < 400; txnId++)
        {
            var answer = await mtls.PostAsync("/ehi", Auth(txnId, 0));
            Assert.Equal(200, answer.Status);
            if (answer.Body != """{"Acknowledgement":"1","Responsestatus":"00"}""")
            {
                Assert.Equal("""{"Acknowledgement":"0","Responsestatus":"05"}""", answer.Body);
                resent.Add(txnId);
            }
        }

        long last = txnId - 1;
        output.WriteLine($"messages 6-{last}: {resent.Count} answered resend ({string.Join(", ", resent)})");
        Assert.Equal(5, resent.Count);
        Assert.False(host.Process.HasExited, "ehi serve stopped on a full disk");
        Assert.Contains(host.Logs, l => l.Contains("Journal unavailable while processing", StringComparison.Ordinal));

        // When space is freed, Thredd resends: each is processed once and acknowledged, a second resend replays it
        _disk.Free();
        foreach (long txn in resent)
        {
            Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"00"}""", (await mtls.PostAsync("/ehi", Auth(txn, 1))).Body);
        }

        for (long txn = 1; txn <= last; txn++)
        {
            Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"00"}""", (await mtls.PostAsync("/ehi", Auth(txn, 2))).Body);
        }

        // Then the ledger holds one authorisation of 1.00 per message, each once, and is consistent
        var shown = await CliRunner.RunAsync("cards", "show", $"{Card}", "--json", "--admin", host.Admin!);
        using (var card = JsonDocument.Parse(shown.Out))
        {
            Assert.Equal(1000.00m - last, card.RootElement.GetProperty("availableBalance").GetDecimal());
            Assert.Equal(last, card.RootElement.GetProperty("holds").GetArrayLength());
        }

        var verify = await CliRunner.RunAsync("ledger", "verify", "--admin", host.Admin!);
        Assert.True(verify.Exit == 0, verify.Out + verify.Err);
        var list = await CliRunner.RunAsync("journal", "list", "--data", data, "--json");
        using (var journal = JsonDocument.Parse(list.Out))
        {
            var txns = journal.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("txnId").GetInt64()).ToList();
            Assert.Equal(Enumerable.Range(1, (int)last).Select(i => (long)i), txns.Order());
        }

        Assert.False(host.Process.HasExited);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // ehi serve (disposed above) holds the files open until it is gone; then the mount can go.
        if (_disk is not null)
        {
            await _disk.DisposeAsync();
        }

        _dir.Delete(recursive: true);
    }

    private static string Auth(long txn, int attempt) =>
        $$"""{"MTID":"0100","Txn_Type":"A","TXn_ID":{{txn}},"Token":{{Card}},"traceid_lifecycle":"FD-{{txn}}","Trans_link":"FD{{txn}}","Proc_Code":"000000","Bill_Amt":-1.00,"Bill_Ccy":"826","Txn_CCy":"826","Authorised_by_GPS":"N","SendingAttemptCount":{{attempt}}}""";
}
