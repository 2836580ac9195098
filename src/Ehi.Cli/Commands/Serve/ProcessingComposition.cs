using Ehi.Core.Handling;
using Ehi.Processing;
using Ehi.Processing.Configuration;
using Ehi.Processing.Decisions;
using Ehi.Processing.Journal;
using Ehi.Processing.Ledger;
using Ehi.Processing.Storage;
using Ehi.Storage.Postgres;
using Ehi.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ehi.Cli.Commands.Serve;

/// <summary>The composition root of EHI processing for <c>ehi serve</c>: settings, the store (journal
/// and ledger), the decider and the processor behind the server's handler seam.</summary>
internal sealed class ProcessingComposition : IAsyncDisposable
{
    /// <summary>The default data directory.</summary>
    public const string DefaultDataDirectory = ".ehi/data";

    private ProcessingComposition(ProcessingOptions options, IEhiStore store, IConfiguration configuration)
    {
        Configuration = configuration;
        Options = options;
        Store = store;
    }

    public ProcessingOptions Options { get; }

    public IConfiguration Configuration { get; }

    public IEhiStore Store { get; }

    /// <summary>Binds and checks the settings and opens the journal; problems are collected.</summary>
    public static ProcessingComposition? Create(IConfiguration configuration, ICollection<string> problems)
    {
        var options = new ProcessingOptions();
        try
        {
            configuration.GetSection(ProcessingOptions.Section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            problems.Add(ex.Message + " Check the Ehi:Processing settings.");
            return null;
        }

        int before = problems.Count;
        ProcessingOptionsValidator.Validate(options, problems);
        string data = configuration["Ehi:Data"] ?? DefaultDataDirectory;
        if (problems.Count > before)
        {
            return null;
        }

        if (configuration["Ehi:Database:ConnectionString"] is { Length: > 0 } database)
        {
            try
            {
                // Several hosts may start together: the schema steps run under an advisory lock.
                return new ProcessingComposition(options, PostgresStore.OpenAsync(database, CancellationToken.None).GetAwaiter().GetResult(), configuration);
            }
            catch (ArgumentException ex)
            {
                problems.Add($"Ehi:Database:ConnectionString is not valid ({ex.Message}); use an Npgsql connection string or postgres://user:pass@host:port/db (--database).");
                return null;
            }
            catch (JournalUnavailableException ex)
            {
                problems.Add($"Ehi:Database:ConnectionString: {ex.Message}; check --database and that PostgreSQL runs.");
                return null;
            }
        }

        try
        {
            return new ProcessingComposition(options, SqliteStore.Open(data), configuration);
        }
        catch (JournalUnavailableException ex)
        {
            problems.Add($"Ehi:Data: {ex.Message}; choose a writable directory with --data DIR.");
            return null;
        }
    }

    /// <summary>Registers the processor as the server's message handler.</summary>
    public void AddTo(IServiceCollection services)
    {
        var ledger = new LedgerOptions();
        Configuration.GetSection(LedgerOptions.Section).Bind(ledger);
        // The forward client is shared with the warm-up, which opens its connection to the core system.
        var forward = Options.Provider == DecisionProviderKind.Forward ? ForwardHttpClient.Create(Options.Forward) : null;
        services.AddEhiProcessing(Options, Store, ledger, sp => forward is not null
            ? new ForwardDecisionProvider(
                forward,
                Options.Forward,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<ForwardDecisionProvider>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetServices<IForwardCircuitObserver>())
            : new StaticDecisionProvider(Options.Static));
        services.AddSingleton<IWarmUpMessageHandler>(sp => new WarmUpProcessing(Options, ledger, sp.GetRequiredService<EhiProcessor>(), forward, sp.GetRequiredService<TimeProvider>()));
    }

    public string Describe() =>
        $"mode {(int)Options.Mode}{(Options.ProductModes.Count > 0 ? " (per product: " + string.Join(", ", Options.ProductModes.Select(p => $"{p.Key}={(int)p.Value}")) + ")" : string.Empty)}, " +
        $"provider {Options.Provider.ToString().ToLowerInvariant()}{(Options.Provider == DecisionProviderKind.Forward ? " " + Options.Forward.Url : string.Empty)}, " +
        $"budget {Options.Budget.TotalMilliseconds} ms, journal {Store.Description}";

    /// <summary>Makes a real write to a SQLite journal and returns why it failed, or null. A journal that
    /// opens but cannot be written (an immutable or read-only file) would otherwise let the host report
    /// itself up while answering every message "resend". PostgreSQL is not checked here: a missing
    /// primary at start is waited for (readiness), as it is while running.</summary>
    public async Task<string?> WriteProblemAsync()
    {
        if (Store is not SqliteStore sqlite)
        {
            return null;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            var result = await sqlite.ProbeAsync(timeout.Token).ConfigureAwait(false);
            return result.Ready ? null : result.Detail;
        }
        catch (OperationCanceledException)
        {
            return $"{sqlite.Path}: a test write did not complete within 10 s";
        }
    }

    /// <summary>Closes the store; call it after the server has stopped.</summary>
    public ValueTask DisposeAsync() => Store.DisposeAsync();
}
