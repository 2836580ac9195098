using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Server.Tests.Network;

/// <summary>Connection floods and idle connections: the limits bite, are logged with their reason,
/// and legitimate traffic keeps being answered meanwhile. Loopback only, bounded in count and time.</summary>
public sealed class ConnectionLimitTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestPki _pki = new();

    [Fact]
    public async Task TcpConnectionThatNeverHandshakes_IsClosedAfterFirstRequestTimeout()
    {
        await using var server = await TestServer.StartAsync(_pki, output, s => s["Ehi:FirstRequestTimeout"] = "00:00:01");
        using var idle = new TcpClient();
        await idle.ConnectAsync(IPAddress.Loopback, server.Port);
        var watch = Stopwatch.StartNew();

        int read = await ReadOrCloseAsync(idle, TimeSpan.FromSeconds(15));

        Assert.Equal(0, read);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(12));
        Assert.Contains(server.Logs.Lines, l => l.Contains("Connection closed (NoRequestInTime)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TlsConnectionWithoutARequest_IsClosed_ButOneThatCompletedARequestStaysOpen()
    {
        await using var server = await TestServer.StartAsync(_pki, output, s => s["Ehi:FirstRequestTimeout"] = "00:00:01");
        await using var silent = await server.Client(_pki, _pki.Client).OpenAsync();
        await using var busy = await server.Client(_pki, _pki.Client).OpenAsync();
        Assert.Equal(200, (await busy.SendAsync("POST", "/ehi", "{}")).Status);

        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.True(await silent.IsClosedAsync());
        Assert.Equal(200, (await busy.SendAsync("POST", "/ehi", "{}")).Status);
    }

    [Fact]
    public async Task ConnectionsOverMaxConnections_AreClosedAtOnceAndLogged()
    {
        await using var server = await TestServer.StartAsync(_pki, output, s =>
        {
            s["Ehi:MaxConnections"] = "5";
            s["Ehi:MaxConnectionsPerAddress"] = "5";
        });
        var held = new List<TcpClient>();
        try
        {
            for (int i = 0; i < 5; i++)
            {
                var c = new TcpClient();
                await c.ConnectAsync(IPAddress.Loopback, server.Port);
                held.Add(c);
            }

            await Task.Delay(300);
            using var sixth = new TcpClient();
            int read;
            try
            {
                await sixth.ConnectAsync(IPAddress.Loopback, server.Port);
                read = await ReadOrCloseAsync(sixth, TimeSpan.FromSeconds(5));
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                // Closed so soon that the reset overtook the connect's completion (seen once in CI).
                read = 0;
            }

            Assert.Equal(0, read);
            Assert.Contains(server.Logs.Lines, l => l.Contains("Connection closed (MaxConnections)", StringComparison.Ordinal) && l.Contains("Ehi:MaxConnections is 5", StringComparison.Ordinal));
        }
        finally
        {
            held.ForEach(c => c.Dispose());
        }

        // Once the held connections close, new ones are served again (the server sees the closes
        // a moment later: a connection made before that is still refused, so wait for it, bounded).
        int status = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (status != 200 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            try
            {
                status = (await server.Client(_pki, _pki.Client).PostAsync("/ehi", "{}")).Status;
            }
            catch (Exception ex) when (ex is IOException or SocketException)
            {
                status = 0;
            }
        }

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task FloodFromOneAddress_IsCappedPerAddress_WhileAnotherAddressIsServedWithinItsDeadline()
    {
        // Given a server with its default limits except a small per-address cap
        await using var server = await TestServer.StartAsync(_pki, output, s =>
        {
            s["Ehi:MaxConnectionsPerAddress"] = "100";
            s["Ehi:FirstRequestTimeout"] = "00:00:02";
        });

        // When 127.0.0.2 floods it with 1,500 connections that never speak (bounded: 10 s at most)
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var flood = Task.Run(() => FloodAsync(server.Port, 1_500, stop.Token));

        // Then 127.0.0.1 (standing for Thredd) keeps being answered, on a kept connection and on new ones
        var legit = new MtlsClient { Port = server.Port, ServerRoot = _pki.HostRoot.Certificate, Certificate = _pki.Client, LocalAddress = "127.0.0.1" };
        await using var kept = await legit.OpenAsync();
        var latencies = new List<double>();
        int failures = 0;
        await Task.Delay(500);
        for (int i = 0; i < 60 && !stop.IsCancellationRequested; i++)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                var answer = i % 3 == 0 ? await legit.PostAsync("/ehi", "{}") : await kept.SendAsync("POST", "/ehi", "{}");
                failures += answer.Status == 200 ? 0 : 1;
            }
            catch (Exception ex) when (ex is IOException or SocketException or System.Security.Authentication.AuthenticationException)
            {
                failures++;
            }

            latencies.Add(watch.Elapsed.TotalMilliseconds);
            await Task.Delay(50);
        }

        int opened = await flood;
        latencies.Sort();
        double p50 = latencies[latencies.Count / 2], p99 = latencies[(int)(latencies.Count * 0.99)], max = latencies[^1];
        output.WriteLine($"flood connections opened {opened}; legitimate requests {latencies.Count}, failures {failures}, p50 {p50:0.0} ms, p99 {p99:0.0} ms, max {max:0.0} ms");
        Assert.Equal(0, failures);
        Assert.True(max < 5_000, $"a legitimate request took {max:0} ms during the flood");
        Assert.Contains(server.Logs.Lines, l => l.Contains("Connection closed (MaxConnectionsPerAddress)", StringComparison.Ordinal));
    }

    // Opens connections from 127.0.0.2 as fast as it can, holding them, until the count or the time is reached.
    private static async Task<int> FloodAsync(int port, int count, CancellationToken cancellationToken)
    {
        var sockets = new List<Socket>();
        try
        {
            for (int i = 0; i < count && !cancellationToken.IsCancellationRequested; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                    sockets.Add(socket);
                }
                catch (Exception ex) when (ex is SocketException or OperationCanceledException)
                {
                    socket.Dispose();
                }
            }

            await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            return sockets.Count;
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    private static async Task<int> ReadOrCloseAsync(TcpClient client, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await client.GetStream().ReadAsync(new byte[16], cts.Token);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public void Dispose() => _pki.Dispose();
}
