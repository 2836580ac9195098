using Ehi.Processing;
using Ehi.Processing.Configuration;
using Ehi.Processing.Decisions;
using Ehi.Processing.Ledger;
using Ehi.Storage.Sqlite;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Simulate.Tests;

/// <summary>The real ehi server over mTLS with the built-in ledger and its admin API, in one mode.</summary>
internal sealed class LedgerHost : IAsyncDisposable
{
    private readonly SqliteStore _journal;
    private readonly DirectoryInfo _data;

    private LedgerHost(TestPki pki, TestServer server, SqliteStore journal, DirectoryInfo data)
    {
        _data = data;
        Pki = pki;
        Server = server;
        _journal = journal;
    }

    public TestPki Pki { get; }

    public TestServer Server { get; }

    public static async Task<LedgerHost> StartAsync(ITestOutputHelper output, int mode, string provider = "ledger")
    {
        var pki = new TestPki();
        var data = Directory.CreateTempSubdirectory("ehi-sim-");
        var journal = SqliteStore.Open(data.FullName);
        var options = new ProcessingOptions { Mode = (EhiMode)mode, Budget = TimeSpan.FromSeconds(10), Provider = Enum.Parse<DecisionProviderKind>(provider, ignoreCase: true) };
        var server = await TestServer.StartAsync(pki, output, s => s["Ehi:Admin:Listen"] = "127.0.0.1:0", services =>
            services.AddEhiProcessing(options, journal, new LedgerOptions(), _ => new StaticDecisionProvider(options.Static)));
        return new LedgerHost(pki, server, journal, data);
    }

    public Wire.EhiTarget Target() => new(new Uri($"https://localhost:{Server.Port}/ehi"), Pki.Client, [Pki.HostRoot.Certificate]);

    public Admin.AdminApi Admin() => Simulate.Admin.AdminApi.Create(new Uri(Server.Host.AdminAddress!, "/"), null);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await _journal.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Pki.Dispose();
        _data.Delete(recursive: true);
    }
}
