using Ehi.Core.Handling;
using Ehi.Processing.Admin;
using Ehi.Processing.Configuration;
using Ehi.Processing.Decisions;
using Ehi.Processing.Journal;
using Ehi.Processing.Ledger;
using Ehi.Processing.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ehi.Processing;

/// <summary>
/// Puts EHI processing behind the server's handler seam: the processor as <see cref="IEhiMessageHandler"/>
/// and, when the ledger decides, the ledger engine and its admin API. One wiring for <c>ehi serve</c> and the tests.
/// </summary>
public static class ProcessingServices
{
    /// <summary>Registers the processor over <paramref name="journal"/>; the server supplies the <see cref="TimeProvider"/>.
    /// The caller keeps the journal and closes it after the server has stopped.</summary>
    public static IServiceCollection AddEhiProcessing(this IServiceCollection services, ProcessingOptions options, IJournal journal, LedgerOptions ledger, Func<IServiceProvider, IDecisionProvider> decisions)
    {
        services.AddSingleton(options);
        services.AddSingleton(journal);
        services.AddSingleton<IDecisionProvider>(decisions); // the ledger decides in the journal transaction instead when it is on
        if (options.UsesLedger)
        {
            services.AddSingleton(new LedgerEngine(ledger));
            services.AddSingleton(sp => new CardAdministration(journal, sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IAdminHandler>(sp => new LedgerAdminHandler(sp.GetRequiredService<CardAdministration>(), (ILedgerQueries)journal, sp.GetRequiredService<ProcessingMetrics>()));
        }

        services.AddSingleton<ProcessingMetrics>();
        if (journal is IReadinessProbe probe)
        {
            services.AddSingleton(probe);
        }

        services.AddSingleton<IOperationsStatus>(sp => new OperationsStatus(journal, sp.GetServices<IReadinessProbe>()));
        services.AddSingleton(sp => new EhiProcessor(journal, sp.GetRequiredService<IDecisionProvider>(), options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<EhiProcessor>>(), sp.GetService<LedgerEngine>(), sp.GetRequiredService<ProcessingMetrics>()));
        services.AddSingleton<IEhiMessageHandler>(sp => sp.GetRequiredService<EhiProcessor>());
        return services;
    }
}
