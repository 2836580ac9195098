using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Ehi.Processing.Journal;
using Ehi.Storage.Sqlite;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary>SIGKILL while messages are in flight: every message that got an answer is in the journal.</summary>
public sealed partial class CrashDurabilityTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ehi-crash-");

    [Fact]
    public async Task Sigkill_WithMessagesInFlight_EveryAnsweredMessageIsJournalled()
    {
        // Given `ehi serve --dev` with its journal in a directory
        string data = Path.Combine(_dir.FullName, "data");
        using var server = EhiProcess.Start(_dir.FullName, "serve", "--dev", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0", "--data", data);
        int port = await ReadPortAsync(server);
        var pki = new Ehi.Pki.Dev.DevPkiLayout(Path.Combine(_dir.FullName, ".ehi", "pki"));
        using var client = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(pki.ClientCert, pki.ClientKey);
        using var root = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(pki.HostRootCert);

        // When 8 connections send authorisations as fast as they can and the server is killed
        var answered = new ConcurrentBag<long>();
        using var stop = new CancellationTokenSource();
        long next = 1_000_000;
        var senders = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            try
            {
                await using var connection = await new MtlsClient { Port = port, ServerRoot = root, Certificate = client }.OpenAsync();
                while (!stop.IsCancellationRequested)
                {
                    long txn = Interlocked.Increment(ref next);
                    var answer = await connection.SendAsync("POST", "/ehi", $$"""{"MTID":"0100","Txn_Type":"A","TXn_ID":{{txn}},"Token":1,"Bill_Amt":-1.00,"Proc_Code":"000000","Authorised_by_GPS":"N"}""");
                    if (answer.Status == 200 && answer.Body.Contains("\"Acknowledgement\":\"1\"", StringComparison.Ordinal))
                    {
                        answered.Add(txn);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                // The server died mid-request: that message was not answered.
            }
        })).ToArray();
        // Kill once enough answers are in, with the senders still going (a slow CI box gets more time).
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (answered.Count < 200 && !patience.IsCancellationRequested)
        {
            await Task.Delay(50);
        }

        server.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flush
        await server.WaitForExitAsync();
        stop.Cancel();
        await Task.WhenAll(senders);

        // Then every answered TXn_ID is in the journal
        output.WriteLine($"{answered.Count} messages answered before the kill");
        Assert.True(answered.Count >= 200, $"only {answered.Count} answered in 30 s");
        var stored = new HashSet<long>();
        await using (var journal = SqliteStore.Open(data))
        {
            await foreach (var entry in journal.ListAsync(new JournalQuery { Limit = int.MaxValue }, CancellationToken.None))
            {
                stored.Add(entry.Key.TxnId);
            }
        }

        var missing = answered.Where(t => !stored.Contains(t)).ToList();
        Assert.True(missing.Count == 0, $"answered but not journalled: {string.Join(", ", missing.Take(10))}");
    }

    private static async Task<int> ReadPortAsync(Process server)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (Listening().Match(line) is { Success: true } match)
            {
                _ = server.StandardOutput.ReadToEndAsync(); // keep the pipe drained
                _ = server.StandardError.ReadToEndAsync();
                return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("ehi serve did not start: " + await server.StandardError.ReadToEndAsync());
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex Listening();

    public void Dispose() => _dir.Delete(recursive: true);
}
