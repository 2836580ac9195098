using System.Collections.Concurrent;
using System.Net;
using Ehi.Server.Telemetry;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Ehi.Server.Network;

/// <summary>Bounds what a flood of connections can hold: a cap on open connections (overall and per
/// address), and a short limit for a connection to deliver its first request, handshake included;
/// a connection that has completed a request keeps Kestrel's keep-alive timeout. Refusals are logged
/// with their reason, at most once a second per reason with the count, so a flood cannot flood the log.</summary>
internal sealed class ConnectionGuard
{
    private readonly int _max;
    private readonly int _maxPerAddress;
    private readonly TimeSpan _firstRequestTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<IPAddress, int> _perAddress = new();
    private readonly ThrottledCount[] _refusals = [new(), new(), new()];
    private int _open;

    public ConnectionGuard(int max, int maxPerAddress, TimeSpan firstRequestTimeout, TimeProvider time, ILogger logger)
    {
        _max = max;
        _maxPerAddress = maxPerAddress;
        _firstRequestTimeout = firstRequestTimeout;
        _time = time;
        _logger = logger;
    }

    /// <summary>Connections open now.</summary>
    public int Open => Volatile.Read(ref _open);

    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
        if (!TryEnter(address, out var refusal))
        {
            Report(refusal, address);
            connection.Abort(new ConnectionAbortedException(refusal.ToString()));
            return;
        }

        var firstRequest = new FirstRequestFeature();
        connection.Features.Set(firstRequest);
        using var timer = _time.CreateTimer(_ => firstRequest.Expire(connection, () => Report(ConnectionRefusal.NoRequestInTime, address)), null, _firstRequestTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            Leave(address);
        }
    }

    private bool TryEnter(IPAddress address, out ConnectionRefusal refusal)
    {
        if (Interlocked.Increment(ref _open) > _max)
        {
            Interlocked.Decrement(ref _open);
            refusal = ConnectionRefusal.MaxConnections;
            return false;
        }

        if (_perAddress.AddOrUpdate(address, 1, (_, n) => n + 1) > _maxPerAddress)
        {
            Leave(address);
            refusal = ConnectionRefusal.MaxConnectionsPerAddress;
            return false;
        }

        refusal = default;
        return true;
    }

    private void Leave(IPAddress address)
    {
        Interlocked.Decrement(ref _open);
        if (_perAddress.AddOrUpdate(address, 0, (_, n) => n - 1) <= 0)
        {
            _perAddress.TryRemove(new KeyValuePair<IPAddress, int>(address, 0));
        }
    }

    private void Report(ConnectionRefusal refusal, IPAddress address)
    {
        if (_refusals[(int)refusal].Add(_time.GetUtcNow()) is { } count)
        {
            _logger.ConnectionLimited(refusal.ToString(), count, address.ToString(), Open, refusal switch
            {
                ConnectionRefusal.MaxConnections => $"Ehi:MaxConnections is {_max}",
                ConnectionRefusal.MaxConnectionsPerAddress => $"Ehi:MaxConnectionsPerAddress is {_maxPerAddress}",
                _ => $"Ehi:FirstRequestTimeout is {_firstRequestTimeout.TotalSeconds:0.###} s",
            });
        }
    }

    /// <summary>Counts events and says when to log: the first at once, then at most once a second.</summary>
    private sealed class ThrottledCount
    {
        private readonly Lock _lock = new();
        private long _pending;
        private DateTimeOffset _lastLogged = DateTimeOffset.MinValue;

        public long? Add(DateTimeOffset now)
        {
            lock (_lock)
            {
                _pending++;
                if (now - _lastLogged < TimeSpan.FromSeconds(1))
                {
                    return null;
                }

                long count = _pending;
                _pending = 0;
                _lastLogged = now;
                return count;
            }
        }
    }
}

/// <summary>Marks a connection once its first request has arrived; until then the guard may close it.</summary>
internal sealed class FirstRequestFeature
{
    private int _state; // 0 waiting, 1 started, 2 expired

    /// <summary>Called when a request reaches the application; false if the connection was already closed for idling.</summary>
    public bool Start() => Interlocked.CompareExchange(ref _state, 1, 0) != 2;

    public void Expire(ConnectionContext connection, Action report)
    {
        if (Interlocked.CompareExchange(ref _state, 2, 0) == 0)
        {
            report();
            connection.Abort(new ConnectionAbortedException(nameof(ConnectionRefusal.NoRequestInTime)));
        }
    }
}
