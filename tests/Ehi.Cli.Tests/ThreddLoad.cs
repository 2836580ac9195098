using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Ehi.Pki.Dev;
using Ehi.Testing;

namespace Ehi.Cli.Tests;

/// <summary>Plays Thredd for the failure tests: several connections send authorisations on one card
/// as fast as the endpoint answers, keep every answer by TXn_ID, reconnect when a connection breaks
/// (that message was not answered), and afterwards resend what was not acknowledged the way Thredd
/// does (same TXn_ID, SendingAttemptCount + 1) until it is.</summary>
internal sealed class ThreddLoad : IAsyncDisposable
{
    /// <summary>The answer of a processed authorisation; anything else asks for a resend.</summary>
    public const string Approved = """{"Acknowledgement":"1","Responsestatus":"00"}""";

    private readonly ConcurrentDictionary<long, string> _answers = new();
    private readonly ConcurrentDictionary<long, byte> _unanswered = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly MtlsClient _client;
    private readonly long _card;
    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2 _root;
    private Task[] _senders = [];
    private long _next;

    public ThreddLoad(DevPkiLayout pki, int port, long card, long firstTxnId)
    {
        _certificate = X509Certificate2.CreateFromPemFile(pki.ClientCert, pki.ClientKey);
        _root = X509CertificateLoader.LoadCertificateFromFile(pki.HostRootCert);
        _client = new MtlsClient { Port = port, ServerRoot = _root, Certificate = _certificate };
        _card = card;
        _next = firstTxnId;
    }

    /// <summary>Every answer received, by TXn_ID (the last one when a TXn_ID was sent twice).</summary>
    public IReadOnlyDictionary<long, string> Answers => _answers;

    /// <summary>The TXn_IDs answered <see cref="Approved"/>.</summary>
    public IReadOnlyList<long> Acknowledged => [.. _answers.Where(a => a.Value == Approved).Select(a => a.Key)];

    /// <summary>How many messages were sent without an answer (the connection broke).</summary>
    public int UnansweredCount => _unanswered.Count;

    /// <summary>The authorisation Thredd sends for <paramref name="txnId"/>; the same bytes on every attempt but the count.</summary>
    public string Message(long txnId, int attempt = 0) =>
        $$"""{"MTID":"0100","Txn_Type":"A","TXn_ID":{{txnId}},"Token":{{_card}},"Bill_Amt":-1.00,"Bill_Ccy":"826","Txn_Amt":-1.00,"Txn_CCy":"826","Proc_Code":"000000","Authorised_by_GPS":"N","SendingAttemptCount":{{attempt}}}""";

    /// <summary>Starts <paramref name="connections"/> senders.</summary>
    public void Start(int connections) =>
        _senders = [.. Enumerable.Range(0, connections).Select(_ => Task.Run(SendUntilStoppedAsync))];

    /// <summary>Waits until <paramref name="count"/> more messages are acknowledged (or the time is up).</summary>
    public async Task<bool> WaitForMoreAcknowledgedAsync(int count, TimeSpan patience)
    {
        int target = Acknowledged.Count + count;
        var until = DateTime.UtcNow + patience;
        while (Acknowledged.Count < target && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        return Acknowledged.Count >= target;
    }

    /// <summary>Stops the senders.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_senders);
    }

    /// <summary>Resends every TXn_ID that was not acknowledged, one connection, until each is (Thredd
    /// resends for minutes; here at most <paramref name="patience"/>). Returns the TXn_IDs resent.</summary>
    public async Task<IReadOnlyList<long>> ResendUnacknowledgedAsync(TimeSpan patience)
    {
        var pending = _unanswered.Keys.Concat(_answers.Where(a => a.Value != Approved).Select(a => a.Key)).Distinct().Order().ToList();
        var until = DateTime.UtcNow + patience;
        int attempt = 1;
        var left = new List<long>(pending);
        while (left.Count > 0 && DateTime.UtcNow < until)
        {
            try
            {
                await using var connection = await _client.OpenAsync();
                foreach (long txn in left.ToList())
                {
                    var answer = await connection.SendAsync("POST", "/ehi", Message(txn, attempt));
                    _answers[txn] = answer.Body;
                    _unanswered.TryRemove(txn, out _);
                    if (answer.Body == Approved)
                    {
                        left.Remove(txn);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException)
            {
            }

            attempt++;
            if (left.Count > 0)
            {
                await Task.Delay(200);
            }
        }

        return pending;
    }

    /// <summary>Sends <paramref name="txnId"/> again (a late resend) and returns the answer.</summary>
    public async Task<string> ResendAsync(long txnId, int attempt)
    {
        await using var connection = await _client.OpenAsync();
        return (await connection.SendAsync("POST", "/ehi", Message(txnId, attempt))).Body;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
        _certificate.Dispose();
        _root.Dispose();
    }

    private async Task SendUntilStoppedAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            long txn = 0;
            try
            {
                await using var connection = await _client.OpenAsync(_stop.Token);
                while (!_stop.IsCancellationRequested)
                {
                    txn = Interlocked.Increment(ref _next);
                    var answer = await connection.SendAsync("POST", "/ehi", Message(txn));
                    _answers[txn] = answer.Body;
                    txn = 0;
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
            {
                // The host died mid-message, or the balancer had no host: Thredd would resend this one.
                if (txn != 0)
                {
                    _unanswered[txn] = 0;
                }

                await Task.Delay(20);
            }
        }
    }
}
