using System.Diagnostics;
using System.Net.Sockets;
using Ehi.Testing;

namespace Ehi.Check.Tests.Engine;

/// <summary>A real <c>openssl s_server</c> on 127.0.0.1 and an ephemeral port, one protocol version, with
/// extra flags; its stdin is held open (s_server stops at end of input). Stopped by its own id.</summary>
internal sealed class OpenSslServer : IDisposable
{
    private readonly Process _process;

    private OpenSslServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static async Task<OpenSslServer> StartAsync(TestPki pki, string protocol, params string[] flags)
    {
        int port = LoopbackHttpServer.FreePort();
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])["s_server", "-accept", $"127.0.0.1:{port}", "-cert", pki.ServerChainFile, "-key", pki.ServerKeyFile, protocol, .. flags])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new OpenSslServer(process, port);
        for (int i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        server.Dispose();
        throw new InvalidOperationException("openssl s_server did not start listening");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
