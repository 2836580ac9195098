using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Ehi.Testing.Postgres;

/// <summary>A real PostgreSQL 15 cluster from Debian's binaries, owned by the tests: initdb in a
/// temp directory as the unprivileged <c>postgres</c> user (tests run as root), an ephemeral port
/// on 127.0.0.1, its unix socket in the temp directory, fsync on. Several can run at once; each
/// exposes its data directory and port, can be killed with SIGKILL and started again, and can
/// seed a streaming standby (<see cref="StartStandbyAsync"/>).</summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    /// <summary>Where Debian puts the server binaries.</summary>
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";

    /// <summary>The superuser the clusters are created with (trust authentication on loopback).</summary>
    public const string Superuser = "ehi";

    private static int _databases;
    private readonly DirectoryInfo _root;
    private Process? _server;

    private PostgresCluster(DirectoryInfo root, int port)
    {
        _root = root;
        Port = port;
    }

    /// <summary>The data directory.</summary>
    public string DataDirectory => Path.Combine(_root.FullName, "data");

    /// <summary>The directory of the unix socket.</summary>
    public string SocketDirectory => Path.Combine(_root.FullName, "socket");

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>The server's process id while it runs.</summary>
    public int? ProcessId => _server is { HasExited: false } s ? s.Id : null;

    /// <summary>The server's log (stderr), for diagnosing a failed test.</summary>
    public string LogFile => Path.Combine(_root.FullName, "postgres.log");

    /// <summary>Creates and starts a new cluster.</summary>
    public static async Task<PostgresCluster> StartAsync(IEnumerable<string>? settings = null)
    {
        var cluster = Create();
        await RunAsync(Path.Combine(BinDirectory, "initdb"), "-D", cluster.DataDirectory, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions").ConfigureAwait(false);
        await cluster.ConfigureAsync(settings).ConfigureAwait(false);
        await cluster.StartAsync().ConfigureAwait(false);
        return cluster;
    }

    /// <summary>A new cluster streaming from this one (pg_basebackup -R), started; with
    /// <paramref name="synchronous"/> this primary waits for it on every commit.</summary>
    public async Task<PostgresCluster> StartStandbyAsync(bool synchronous = true)
    {
        var standby = Create();
        await RunAsync(Path.Combine(BinDirectory, "pg_basebackup"), "-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", Superuser, "-D", standby.DataDirectory, "-R", "-X", "stream", "--no-sync", "-c", "fast").ConfigureAwait(false);
        await standby.ConfigureAsync([$"cluster_name = 'standby{standby.Port}'"]).ConfigureAwait(false);
        await standby.StartAsync().ConfigureAwait(false);
        if (synchronous)
        {
            await ExecuteAsync($"ALTER SYSTEM SET synchronous_standby_names = 'standby{standby.Port}'").ConfigureAwait(false);
            await ExecuteAsync("SELECT pg_reload_conf()").ConfigureAwait(false);
        }

        return standby;
    }

    /// <summary>Promotes a standby to primary and waits until it accepts writes.</summary>
    public async Task PromoteAsync()
    {
        await ExecuteAsync("SELECT pg_promote(true, 60)").ConfigureAwait(false);
    }

    /// <summary>A connection string to <paramref name="database"/> over TCP.</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = Superuser, Database = database, Timeout = 5, CommandTimeout = 30 }.ConnectionString;

    /// <summary>Creates a fresh empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        string name = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await ExecuteAsync($"CREATE DATABASE {name}").ConfigureAwait(false);
        return ConnectionString(name);
    }

    /// <summary>Runs one statement as the superuser on the postgres database.</summary>
    public async Task ExecuteAsync(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database) + ";Pooling=false");
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Starts the server (again, after <see cref="KillAsync"/> or <see cref="StopAsync"/>) and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("setpriv")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["--reuid=postgres", "--regid=postgres", "--clear-groups", "--", Path.Combine(BinDirectory, "postgres"), "-D", DataDirectory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", SocketDirectory, "-c", "listen_addresses=127.0.0.1"])
        {
            start.ArgumentList.Add(arg);
        }

        _server = Process.Start(start)!;
        var log = File.AppendText(LogFile);
        _server.ErrorDataReceived += (_, e) => { lock (log) { log.WriteLine(e.Data); log.Flush(); } };
        _server.OutputDataReceived += (_, e) => { lock (log) { log.WriteLine(e.Data); log.Flush(); } };
        _server.BeginErrorReadLine();
        _server.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false");
                await connection.OpenAsync().ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException && DateTime.UtcNow < deadline && !_server.HasExited)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"PostgreSQL on port {Port} did not start: {ex.Message}; log: {File.ReadAllText(LogFile)}", ex);
            }
        }
    }

    /// <summary>SIGKILL: the server stops at once, with no shutdown checkpoint (as in a crash).</summary>
    public async Task KillAsync()
    {
        if (_server is { HasExited: false } server)
        {
            // The postmaster's children notice it is gone and exit; kill them too so the port is free at once.
            foreach (int child in Children(server.Id))
            {
                try
                {
                    Process.GetProcessById(child).Kill();
                }
                catch (ArgumentException)
                {
                }
            }

            server.Kill();
            await server.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A fast shutdown (SIGINT), waiting for the server to exit.</summary>
    public async Task StopAsync()
    {
        if (_server is { HasExited: false } server)
        {
            await RunAsync("kill", "-INT", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
            await server.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        NpgsqlConnection.ClearAllPools();
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static PostgresCluster Create()
    {
        var root = Directory.CreateTempSubdirectory("ehi-pg-");
        Directory.CreateDirectory(Path.Combine(root.FullName, "socket"));
        Directory.CreateDirectory(Path.Combine(root.FullName, "data"));
        // The cluster belongs to the unprivileged postgres user; the temp root stays reachable for it.
        File.SetUnixFileMode(root.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        RunAsync("chown", "-R", "postgres:postgres", Path.Combine(root.FullName, "socket"), Path.Combine(root.FullName, "data")).GetAwaiter().GetResult();
        File.SetUnixFileMode(Path.Combine(root.FullName, "data"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new PostgresCluster(root, FreePort());
    }

    private Task ConfigureAsync(IEnumerable<string>? settings)
    {
        string[] lines =
        [
            "fsync = on",
            "synchronous_commit = on",
            "max_connections = 200",
            "shared_buffers = 32MB",
            "wal_level = replica",
            "max_wal_senders = 10",
            "hot_standby = on",
            .. settings ?? [],
        ];
        File.AppendAllLines(Path.Combine(DataDirectory, "postgresql.conf"), lines);
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static IEnumerable<int> Children(int pid)
    {
        string path = $"/proc/{pid}/task/{pid}/children";
        return File.Exists(path)
            ? File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)
            : [];
    }

    // initdb and pg_basebackup run as the postgres user; chown and kill as root.
    private static async Task RunAsync(string file, params string[] args)
    {
        bool asPostgres = file.StartsWith(BinDirectory, StringComparison.Ordinal);
        var start = new ProcessStartInfo(asPostgres ? "setpriv" : file)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (string arg in (string[])["--reuid=postgres", "--regid=postgres", "--clear-groups", "--", file])
            {
                start.ArgumentList.Add(arg);
            }
        }

        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["LC_ALL"] = "C.UTF-8";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {stderr}{await stdout.ConfigureAwait(false)}");
        }
    }
}
