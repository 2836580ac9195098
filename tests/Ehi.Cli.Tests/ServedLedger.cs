using System.Security.Cryptography.X509Certificates;
using Ehi.Testing;
using Ehi.Testing.Postgres;
using Xunit.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary>A real <c>ehi serve --dev</c> process with the built-in ledger, on SQLite in its own
/// directory or on a database of a real PostgreSQL cluster: its mTLS client (the dev PKI's Thredd
/// certificate), its admin URL, and the store options the offline verbs take.</summary>
internal sealed class ServedLedger : IAsyncDisposable
{
    private readonly DirectoryInfo _dir;
    private readonly X509Certificate2 _client;
    private readonly X509Certificate2 _root;

    private ServedLedger(DirectoryInfo dir, EhiHost host, string[] store, X509Certificate2 client, X509Certificate2 root)
    {
        _dir = dir;
        Host = host;
        Store = store;
        _client = client;
        _root = root;
        Mtls = new MtlsClient { Port = host.Port, ServerRoot = root, Certificate = client };
    }

    public EhiHost Host { get; }

    public MtlsClient Mtls { get; }

    public string Admin => Host.Admin!;

    public string Directory => _dir.FullName;

    /// <summary><c>--data DIR</c> or <c>--database CONNECTION</c>.</summary>
    public string[] Store { get; }

    /// <summary>The simulator's target options for this server.</summary>
    public string[] Target
    {
        get
        {
            var pki = new Ehi.Pki.Dev.DevPkiLayout(Path.Combine(_dir.FullName, ".ehi", "pki"));
            return ["--target", $"https://127.0.0.1:{Host.Port}/ehi", "--client-cert", pki.ClientCert, "--client-key", pki.ClientKey, "--ca", pki.HostRootCert, "--admin", Admin];
        }
    }

    /// <summary>Starts the server; with <paramref name="cluster"/> on a new database of it.</summary>
    public static async Task<ServedLedger> StartAsync(ITestOutputHelper output, PostgresCluster? cluster = null, params string[] extra)
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("ehi-served-");
        string[] store = cluster is null
            ? ["--data", Path.Combine(dir.FullName, ".ehi", "data")]
            : ["--database", await cluster.CreateDatabaseAsync("served")];
        var host = await EhiHost.StartAsync("ehi", dir.FullName, output, ["--dev", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0", .. store, .. extra]);
        var pki = new Ehi.Pki.Dev.DevPkiLayout(Path.Combine(dir.FullName, ".ehi", "pki"));
        var client = X509Certificate2.CreateFromPemFile(pki.ClientCert, pki.ClientKey);
        var root = X509CertificateLoader.LoadCertificateFromFile(pki.HostRootCert);
        return new ServedLedger(dir, host, store, client, root);
    }

    /// <summary>Posts one JSON message and returns the answer's body (asserting 200).</summary>
    public async Task<string> SendAsync(string body)
    {
        var answer = await Mtls.PostAsync("/ehi", body);
        Assert.True(answer.Status == 200, answer.Body);
        return answer.Body;
    }

    /// <summary>Runs a CLI verb with this server's store options appended.</summary>
    public Task<(int Exit, string Out, string Err)> RunOnStoreAsync(params string[] args) => CliRunner.RunAsync([.. args, .. Store]);

    /// <summary>Opens the server's store directly, as the offline verbs do.</summary>
    public async Task<Ehi.Processing.Storage.IEhiStore> OpenStoreAsync() => Store[0] == "--data"
        ? Ehi.Storage.Sqlite.SqliteStore.Open(Store[1])
        : await Ehi.Storage.Postgres.PostgresStore.OpenAsync(Store[1], CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        _client.Dispose();
        _root.Dispose();
        try
        {
            _dir.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process: the temp directory is cleaned up later.
        }
    }
}
