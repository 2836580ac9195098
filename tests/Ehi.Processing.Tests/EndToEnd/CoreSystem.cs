using System.Collections.Concurrent;
using Ehi.Testing;

namespace Ehi.Processing.Tests.EndToEnd;

/// <summary>A customer's core system on loopback that can be switched between answering, failing
/// (HTTP 500) and hanging; it counts calls and the TCP connections they came on.</summary>
internal sealed class CoreSystem : IDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly ConcurrentDictionary<string, bool> _connections = new();
    private int _calls;

    public CoreSystem()
    {
        _server = new LoopbackHttpServer(async request =>
        {
            Interlocked.Increment(ref _calls);
            _connections[request.RemoteEndPoint.ToString()] = true;
            switch (Behaviour)
            {
                case CoreBehaviour.Hang:
                    await Task.Delay(TimeSpan.FromSeconds(3));
                    return """{"Responsestatus":"00"}"""u8.ToArray();
                case CoreBehaviour.Fail:
                    return null; // 404: a failed call like any other non-success status
                default:
                    return """{"Responsestatus":"00"}"""u8.ToArray();
            }
        });
    }

    public CoreBehaviour Behaviour { get; set; }

    public string Url => _server.BaseUrl + "decide";

    public int Calls => Volatile.Read(ref _calls);

    public int Connections => _connections.Count;

    public void Dispose() => _server.Dispose();
}

internal enum CoreBehaviour
{
    Answer,
    Fail,
    Hang,
}
