using System.Net;
using System.Net.Sockets;

namespace Ehi.Testing;

/// <summary>A plain HTTP server on 127.0.0.1 serving one directory (CRL and CA mirrors in tests).</summary>
public sealed class StaticFileServer : IDisposable
{
    private readonly HttpListener _listener = new();

    public StaticFileServer(string directory)
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            BaseUrl = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/";
        }

        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                try
                {
                    var context = await _listener.GetContextAsync();
                    string path = Path.Combine(directory, context.Request.Url!.AbsolutePath.TrimStart('/'));
                    if (File.Exists(path))
                    {
                        await context.Response.OutputStream.WriteAsync(await File.ReadAllBytesAsync(path));
                    }
                    else
                    {
                        context.Response.StatusCode = 404;
                    }

                    context.Response.Close();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
            }
        });
    }

    public string BaseUrl { get; }

    public void Dispose() => _listener.Close();
}
