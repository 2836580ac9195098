using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Ehi.Testing;

/// <summary>How the test's HAProxy passes connections on.</summary>
public sealed record HaproxyOptions
{
    /// <summary>The loopback address HAProxy connects to the hosts from (so the hosts can tell the
    /// balancer from the client), e.g. 127.0.0.3; null for the system's choice.</summary>
    public string? SourceAddress { get; init; } = "127.0.0.3";

    /// <summary>The server-line keyword: <c>send-proxy-v2</c>, <c>send-proxy</c> (v1) or empty (none).</summary>
    public string ProxyProtocol { get; init; } = "send-proxy-v2";

    /// <summary>The interval of the health checks on the hosts (TCP connect, with the PROXY header's LOCAL form).</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The balancing algorithm.</summary>
    public string Balance { get; init; } = "roundrobin";
}

/// <summary>A real HAProxy (Debian's package, installed by ./test) in TCP mode on a loopback port,
/// in front of hosts on loopback ports, with its own configuration in a temp directory and an admin
/// socket for the hosts' health. Started and stopped by the test.</summary>
public sealed class HaproxyServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log;

    private HaproxyServer(Process process, string directory, int port, StringBuilder log)
    {
        _process = process;
        Directory = directory;
        Port = port;
        _log = log;
    }

    /// <summary>The frontend's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The temp directory holding haproxy.cfg and the admin socket.</summary>
    public string Directory { get; }

    /// <summary>What HAProxy logged (one line per connection, health changes, alerts).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts HAProxy in front of <paramref name="hostPorts"/> (127.0.0.1) and waits until
    /// it listens and every host passes its health check.</summary>
    public static async Task<HaproxyServer> StartAsync(IReadOnlyList<int> hostPorts, HaproxyOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new HaproxyOptions();
        string directory = System.IO.Directory.CreateTempSubdirectory("ehi-haproxy-").FullName;
        for (int attempt = 1; ; attempt++)
        {
            // The free port is found by binding 0 and closing: another test may take it first, so retry.
            int port = LoopbackHttpServer.FreePort();
            File.WriteAllText(Path.Combine(directory, "haproxy.cfg"), Configuration(directory, port, hostPorts, options));
            var log = new StringBuilder();
            var process = Start(directory, log);
            try
            {
                var server = new HaproxyServer(process, directory, port, log);
                await server.WaitListeningAsync(cancellationToken);
                await server.WaitForHostsAsync(hostPorts.Count, TimeSpan.FromSeconds(30), cancellationToken);
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3 && process.HasExited && log.ToString().Contains("cannot bind socket", StringComparison.Ordinal))
            {
                process.Dispose();
            }
        }
    }

    /// <summary>The health of each host as HAProxy sees it: name (h1, h2, ...) to status (UP, DOWN, ...).</summary>
    public async Task<IReadOnlyDictionary<string, string>> HostStatesAsync(CancellationToken cancellationToken = default)
    {
        string csv = await CommandAsync("show stat", cancellationToken);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] columns = lines[0].TrimStart('#', ' ').Split(',');
        int name = Array.IndexOf(columns, "svname");
        int proxy = Array.IndexOf(columns, "pxname");
        int status = Array.IndexOf(columns, "status");
        return lines.Skip(1)
            .Select(l => l.Split(','))
            .Where(f => f.Length > status && f[proxy] == "hosts" && f[name] is not ("BACKEND" or "FRONTEND"))
            .ToDictionary(f => f[name], f => f[status]);
    }

    /// <summary>Waits until <paramref name="up"/> hosts pass their health checks.</summary>
    public async Task WaitForHostsAsync(int up, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var until = DateTime.UtcNow + timeout;
        IReadOnlyDictionary<string, string> states = new Dictionary<string, string>();
        while (DateTime.UtcNow < until)
        {
            states = await HostStatesAsync(cancellationToken);
            if (states.Values.Count(s => s.StartsWith("UP", StringComparison.Ordinal)) == up)
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"HAProxy: {up} host(s) not up within {timeout}: {string.Join(", ", states.Select(s => s.Key + " " + s.Value))}\n{Log}");
    }

    /// <summary>Sends one command to the admin socket and returns the answer.</summary>
    public async Task<string> CommandAsync(string command, CancellationToken cancellationToken = default)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(Path.Combine(Directory, "admin.sock")), cancellationToken);
        await socket.SendAsync(Encoding.ASCII.GetBytes(command + "\n"), cancellationToken);
        var answer = new StringBuilder();
        byte[] buffer = new byte[16384];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, cancellationToken)) > 0)
        {
            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return answer.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // The socket file may linger a moment.
        }
    }

    private static string Configuration(string directory, int port, IReadOnlyList<int> hostPorts, HaproxyOptions options)
    {
        string source = options.SourceAddress is null ? string.Empty : " source " + options.SourceAddress;
        string inter = ((int)options.CheckInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        var servers = new StringBuilder();
        for (int i = 0; i < hostPorts.Count; i++)
        {
            servers.Append(CultureInfo.InvariantCulture, $"  server h{i + 1} 127.0.0.1:{hostPorts[i]}\n");
        }

        // TCP mode: TLS passes through to the hosts, which terminate mTLS themselves. Health checks
        // are TCP connects (they carry the PROXY header's LOCAL form); fall 1 / rise 1 so a killed
        // host leaves the rotation within one interval.
        return $"""
            global
              log stderr format raw local0 info
              stats socket {directory}/admin.sock mode 600 level admin
              maxconn 4096
            defaults
              mode tcp
              log global
              option tcplog
              option redispatch
              retries 3
              timeout connect 2s
              timeout client 60s
              timeout server 60s
            frontend ehi
              bind 127.0.0.1:{port}
              default_backend hosts
            backend hosts
              balance {options.Balance}
              default-server {options.ProxyProtocol} check inter {inter}ms fall 1 rise 1{source}
            {servers}
            """;
    }

    private static Process Start(string directory, StringBuilder log)
    {
        var start = new ProcessStartInfo("haproxy") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in new[] { "-f", Path.Combine(directory, "haproxy.cfg"), "-db" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        DataReceivedEventHandler append = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (log)
                {
                    log.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += append;
        process.ErrorDataReceived += append;
        if (!process.Start())
        {
            throw new InvalidOperationException("haproxy did not start");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitListeningAsync(CancellationToken cancellationToken)
    {
        for (int i = 0; i < 200; i++)
        {
            if (_process.HasExited)
            {
                break;
            }

            // The admin socket answers once the configuration is loaded and the frontend bound; a
            // probe connection through the frontend would reach a host as a stray client.
            if (File.Exists(Path.Combine(Directory, "admin.sock")))
            {
                try
                {
                    if ((await CommandAsync("show info", cancellationToken)).Contains("Pid:", StringComparison.Ordinal))
                    {
                        return;
                    }
                }
                catch (SocketException)
                {
                    // Not yet.
                }
            }

            await Task.Delay(50, cancellationToken);
        }

        await Task.Delay(200, cancellationToken); // let the log catch up
        throw new InvalidOperationException("haproxy did not listen: " + Log);
    }
}
