using Ehi.Journal.Sqlite;
using Ehi.Processing;
using Ehi.Processing.Configuration;
using Ehi.Processing.Decisions;
using Ehi.Processing.Journal;
using Ehi.Processing.Ledger;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ehi.Cli.Commands.Serve;

/// <summary>The composition root of EHI processing for <c>ehi serve</c>: settings, the journal in
/// the data directory, the decision provider and the processor behind the server's handler seam.</summary>
internal sealed class ProcessingComposition : IAsyncDisposable
{
    /// <summary>The default data directory.</summary>
    public const string DefaultDataDirectory = ".ehi/data";

    private ProcessingComposition(ProcessingOptions options, IJournal journal, string dataDirectory, IConfiguration configuration)
    {
        Configuration = configuration;
        Options = options;
        Journal = journal;
        DataDirectory = dataDirectory;
    }

    public ProcessingOptions Options { get; }

    public IConfiguration Configuration { get; }

    public IJournal Journal { get; }

    public string DataDirectory { get; }

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

        try
        {
            return new ProcessingComposition(options, SqliteJournal.Open(data), data, configuration);
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
        services.AddEhiProcessing(Options, Journal, ledger, sp => Options.Provider.Equals("forward", StringComparison.OrdinalIgnoreCase)
            ? new ForwardDecisionProvider(
                ForwardHttpClient.Create(Options.Forward),
                Options.Forward,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<ForwardDecisionProvider>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetServices<IForwardCircuitObserver>())
            : new StaticDecisionProvider(Options.Static));
    }

    public string Describe() =>
        $"mode {Options.Mode}{(Options.ProductModes.Count > 0 ? " (per product: " + string.Join(", ", Options.ProductModes.Select(p => $"{p.Key}={p.Value}")) + ")" : string.Empty)}, " +
        $"provider {Options.Provider}{(Options.Provider.Equals("forward", StringComparison.OrdinalIgnoreCase) ? " " + Options.Forward.Url : string.Empty)}, " +
        $"budget {Options.Budget.TotalMilliseconds} ms, journal {Path.GetFullPath(Path.Combine(DataDirectory, "journal.db"))}";

    /// <summary>Closes the journal; call it after the server has stopped.</summary>
    public ValueTask DisposeAsync() => Journal.DisposeAsync();
}
