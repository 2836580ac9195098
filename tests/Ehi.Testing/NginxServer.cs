using System.Diagnostics;
using System.Net.Sockets;

namespace Ehi.Testing;

/// <summary>A real nginx (Debian's package, installed by .ci/run) on a loopback port, configured by
/// the test with the TLS directives of its server block.</summary>
public sealed class NginxServer : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private NginxServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Starts nginx; <paramref name="serverBlock"/> holds the TLS directives and locations.</summary>
    public static async Task<NginxServer> StartAsync(string serverBlock)
    {
        string dir = Directory.CreateTempSubdirectory("ehi-nginx-").FullName;
        int port = LoopbackHttpServer.FreePort();
        File.WriteAllText(Path.Combine(dir, "nginx.conf"), $$"""
            worker_processes 1;
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log warn;
            events { worker_connections 256; }
            http {
              access_log off;
              client_body_temp_path {{dir}}/body; proxy_temp_path {{dir}}/proxy; fastcgi_temp_path {{dir}}/fastcgi;
              uwsgi_temp_path {{dir}}/uwsgi; scgi_temp_path {{dir}}/scgi;
              server {
                listen 127.0.0.1:{{port}} ssl;
                {{serverBlock}}
              }
            }
            """);
        var start = new ProcessStartInfo("nginx") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in new[] { "-c", Path.Combine(dir, "nginx.conf"), "-p", dir, "-g", "daemon off;" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
        for (int i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return new NginxServer(process, dir, port);
            }
            catch (SocketException) when (!process.HasExited)
            {
                await Task.Delay(50);
            }
        }

        string log = File.Exists(Path.Combine(dir, "error.log")) ? File.ReadAllText(Path.Combine(dir, "error.log")) : string.Empty;
        throw new InvalidOperationException("nginx did not listen: " + await process.StandardError.ReadToEndAsync() + log);
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A worker still closing its files.
        }
    }
}
