using System.Collections.Concurrent;
using System.Diagnostics;
using Ehi.Simulate.Messages;
using Ehi.Simulate.Wire;

namespace Ehi.Simulate.Load;

/// <summary>Drives an endpoint with realistic messages over keep-alive connections (or a new
/// handshake per message), open or closed loop, checking every answer.</summary>
public sealed class LoadGenerator(EhiTarget target, LoadOptions options)
{
    private readonly ConcurrentDictionary<string, long> _errors = new();
    private readonly ConcurrentDictionary<string, long> _statuses = new();
    private long _sent;
    private long _answered;
    private long _failed;
    private long _handshakes;

    /// <summary>Runs the load for the warm-up plus the duration, then reports the measured window.</summary>
    public async Task<LoadReport> RunAsync(IProgress<LoadProgress>? progress, CancellationToken cancellationToken)
    {
        PrepareClient();
        var factory = new MessageFactory(options.Seed, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000, DateTime.UtcNow.Date);
        // Keep-alive connections are opened before the clock starts: their handshakes are the
        // client's set-up, not latency of the first messages (a full handshake per message is measured).
        var opened = options.NewConnectionPerMessage
            ? new EhiConnection?[options.Connections]
            : await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(_ => TryConnectAsync(cancellationToken))).ConfigureAwait(false);
        long start = Stopwatch.GetTimestamp();
        long recordFrom = start + Ticks(options.Warmup);
        long end = recordFrom + Ticks(options.Duration);
        double interval = options.Rate > 0 ? Stopwatch.Frequency * options.Connections / options.Rate : 0;
        var latencies = new List<(int Second, double Ms)>[options.Connections];
        using var reporting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reporter = ReportAsync(progress, start, reporting.Token);
        await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(c =>
            Task.Run(() => ConnectionLoopAsync(c, opened[c], factory, latencies[c] = [], start + (long)(interval * c / options.Connections), interval, recordFrom, end, cancellationToken), cancellationToken))).ConfigureAwait(false);
        reporting.Cancel();
        await reporter.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        double seconds = Math.Max(0.001, (double)(Math.Min(Stopwatch.GetTimestamp(), end + Ticks(TimeSpan.FromSeconds(5))) - recordFrom) / Stopwatch.Frequency);
        var all = latencies.SelectMany(l => l).ToList();
        var bySecond = all.GroupBy(l => l.Second).OrderBy(g => g.Key).Select(g =>
        {
            var summary = LatencySummary.Of(g.Select(l => l.Ms));
            return new SecondSummary(g.Key, g.Count(), summary.P99, summary.P999, summary.Max);
        }).ToList();
        return new LoadReport(1, _sent, _answered, _failed, Math.Round(seconds, 2), Math.Round(_answered / seconds), LatencySummary.Of(all.Select(l => l.Ms)),
            _errors.ToDictionary(e => e.Key, e => e.Value), _statuses.ToDictionary(s => s.Key, s => s.Value), _handshakes, Math.Round(_handshakes / seconds), bySecond);
    }

    // The client's own first use (building and serialising messages, the JSON metadata that reads an
    // answer) is paid before the clock starts and without sending anything: otherwise it lands on the
    // first second's latency of whatever server is measured.
    private void PrepareClient()
    {
        var factory = new MessageFactory(options.Seed, 0, DateTime.UtcNow.Date);
        var random = new Random(options.Seed);
        var mine = new Queue<Lifecycle>();
        var card = factory.NewCard();
        for (int i = 0; i < 100; i++)
        {
            _ = NextMessage(factory, random, mine, card).ToJson();
        }

        _ = new EhiReply(200, "application/json", """{"Acknowledgement":"1","Responsestatus":"00"}"""u8.ToArray()).Response;
    }

    private async Task<EhiConnection?> TryConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await target.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException)
        {
            return null; // the loop connects again and counts the error against its first message
        }
    }

    private async Task ConnectionLoopAsync(int index, EhiConnection? connection, MessageFactory factory, List<(int Second, double Ms)> latencies, long intended, double interval, long recordFrom, long end, CancellationToken cancellationToken)
    {
        var random = new Random(options.Seed * 1000 + index);
        var mine = new Queue<Lifecycle>();
        SimCard singleCard = factory.NewCard();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                long now = Stopwatch.GetTimestamp();
                if (interval > 0 && intended > now)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)(intended - now) / Stopwatch.Frequency), cancellationToken).ConfigureAwait(false);
                }
                else if (interval == 0)
                {
                    intended = now;
                }

                if (intended >= end)
                {
                    return;
                }

                bool measured = intended >= recordFrom;
                var message = NextMessage(factory, random, mine, singleCard);
                string? error = null;
                try
                {
                    if (connection is null || connection.Closed || options.NewConnectionPerMessage)
                    {
                        if (connection is not null)
                        {
                            await connection.DisposeAsync().ConfigureAwait(false);
                            connection = null;
                        }

                        connection = await target.ConnectAsync(cancellationToken).ConfigureAwait(false);
                        if (measured)
                        {
                            Interlocked.Increment(ref _handshakes);
                        }
                    }

                    var reply = await connection.PostAsync(message.ToJson(), "application/json", null, cancellationToken).ConfigureAwait(false);
                    if (measured)
                    {
                        Interlocked.Increment(ref _answered);
                    }

                    error = Judge(reply, measured);
                }
                catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException)
                {
                    error = ex is System.Security.Authentication.AuthenticationException ? "handshake" : connection is null ? "connect" : "connection";
                    if (connection is not null)
                    {
                        await connection.DisposeAsync().ConfigureAwait(false);
                        connection = null;
                    }
                }

                if (measured)
                {
                    Interlocked.Increment(ref _sent);
                    latencies.Add(((int)((intended - recordFrom) / Stopwatch.Frequency), (double)(Stopwatch.GetTimestamp() - intended) * 1000 / Stopwatch.Frequency));
                    if (error is not null)
                    {
                        Interlocked.Increment(ref _failed);
                        _errors.AddOrUpdate(error, 1, (_, n) => n + 1);
                    }
                }

                intended += (long)interval;
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped from outside.
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private string? Judge(EhiReply reply, bool measured)
    {
        if (!options.Check)
        {
            return reply.Status is >= 200 and < 300 ? null : $"http-{reply.Status}";
        }

        if (reply.Status != 200)
        {
            return $"http-{reply.Status}";
        }

        var response = reply.Response;
        if (measured)
        {
            _statuses.AddOrUpdate(response?.ResponseStatus ?? "none", 1, (_, n) => n + 1);
        }

        return response is null ? "bad-answer" : response.Acknowledgement == "1" ? null : "not-acknowledged";
    }

    private SimMessage NextMessage(MessageFactory factory, Random random, Queue<Lifecycle> mine, SimCard singleCard)
    {
        string kind = Pick(random);
        if (kind is "reversal" or "presentment" && mine.TryDequeue(out var open))
        {
            return kind == "reversal" ? factory.Reversal(open, 5m) : factory.Presentment(open, 10m);
        }

        var card = options.Cards > 0
            ? new SimCard(options.FirstCard + (long)(options.Cards * Math.Pow(random.NextDouble(), 3.0)), "826") // skewed: a few busy cards, many quiet ones
            : singleCard;
        if (kind == "load")
        {
            return factory.Thredd(card, "L", 20m);
        }

        var lifecycle = factory.Start(card);
        if (kind == "advice")
        {
            return factory.Advice(lifecycle, 10m, approved: true);
        }

        if (mine.Count < 64)
        {
            mine.Enqueue(lifecycle);
        }

        return factory.Auth(lifecycle, 10m, fee: 0.25m);
    }

    private string Pick(Random random)
    {
        int total = options.Mix.Values.Sum();
        int roll = random.Next(total);
        foreach (var (kind, weight) in options.Mix)
        {
            if (roll < weight)
            {
                return kind;
            }

            roll -= weight;
        }

        return "auth";
    }

    private async Task ReportAsync(IProgress<LoadProgress>? progress, long start, CancellationToken cancellationToken)
    {
        if (progress is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        long last = 0;
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            long answered = Interlocked.Read(ref _answered);
            progress.Report(new LoadProgress(Stopwatch.GetElapsedTime(start), Interlocked.Read(ref _sent), Interlocked.Read(ref _failed), answered - last));
            last = answered;
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
