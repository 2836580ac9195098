using System.Net;
using System.Net.Sockets;

namespace Ehi.Testing;

/// <summary>A plain HTTP server on 127.0.0.1 for CRL distribution points and CA mirrors in tests.
/// <c>respond</c> maps a request path to a body, or null for 404.</summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();

    public LoopbackHttpServer(Func<string, byte[]?> respond)
        : this(request => Task.FromResult(respond(request.Url!.AbsolutePath)))
    {
    }

    /// <summary>A server whose answer may depend on the whole request and take its time.</summary>
    public LoopbackHttpServer(Func<HttpListenerRequest, Task<byte[]?>> respond)
    {
        BaseUrl = $"http://127.0.0.1:{FreePort()}/";
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                try
                {
                    var context = await _listener.GetContextAsync();
                    _ = Task.Run(() => AnswerAsync(context, respond));
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
            }
        });
    }

    private static async Task AnswerAsync(HttpListenerContext context, Func<HttpListenerRequest, Task<byte[]?>> respond)
    {
        try
        {
            if (await respond(context.Request) is { } body)
            {
                // A known length: chunked, the closing chunk would be a second small write that Nagle
                // holds until the client's delayed ACK (40 ms per call on a kept-alive connection).
                context.Response.ContentLength64 = body.Length;
                await context.Response.OutputStream.WriteAsync(body);
            }
            else
            {
                context.Response.StatusCode = 404;
            }

            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The client went away.
        }
    }

    public string BaseUrl { get; }

    /// <summary>Serves the files of one directory.</summary>
    public static LoopbackHttpServer ForDirectory(string directory) => new(path =>
    {
        string file = Path.Combine(directory, path.TrimStart('/'));
        return File.Exists(file) ? File.ReadAllBytes(file) : null;
    });

    /// <summary>A port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose() => _listener.Close();
}
