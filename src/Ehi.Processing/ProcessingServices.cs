using Ehi.Core.Handling;
using Ehi.Processing.Admin;
using Ehi.Processing.Configuration;
using Ehi.Processing.Decisions;
using Ehi.Processing.Ledger;
using Ehi.Processing.Storage;
using Ehi.Processing.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ehi.Processing;

/// <summary>
/// Puts EHI processing behind the server's handler seam: the processor as <see cref="IEhiMessageHandler"/>
/// with its decider and, when the ledger decides, the ledger's admin API. One wiring for <c>ehi serve</c> and the tests.
/// </summary>
public static class ProcessingServices
{
    /// <summary>Registers the processor over <paramref name="store"/>; the server supplies the <see cref="TimeProvider"/>.
    /// The caller keeps the store and closes it after the server has stopped. <paramref name="decisions"/> makes
    /// the static or forward provider; it is not used when the ledger decides.</summary>
    public static IServiceCollection AddEhiProcessing(this IServiceCollection services, ProcessingOptions options, IEhiStore store, LedgerOptions ledger, Func<IServiceProvider, IDecisionProvider> decisions)
    {
        services.AddSingleton(options);
        services.AddSingleton(store);
        services.AddSingleton<IJournalStore>(store);
        services.AddSingleton<ILedgerStore>(store);
        services.AddSingleton<ProcessingMetrics>();
        if (store is IReadinessProbe probe)
        {
            services.AddSingleton(probe);
        }

        services.AddSingleton<IOperationsStatus>(sp => new OperationsStatus(store, sp.GetServices<IReadinessProbe>()));
        if (options.UsesLedger)
        {
            services.AddSingleton<IDecider>(sp => new LedgerDecider(new LedgerEngine(ledger), sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton(sp => new CardAdministration(store, sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IAdminHandler>(sp => new LedgerAdminHandler(sp.GetRequiredService<CardAdministration>(), store, sp.GetRequiredService<ProcessingMetrics>()));
        }
        else
        {
            services.AddSingleton<IDecisionProvider>(decisions);
            services.AddSingleton<IDecider>(sp => new ProviderDecider(sp.GetRequiredService<IDecisionProvider>(), options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<EhiProcessor>>(), sp.GetRequiredService<ProcessingMetrics>()));
        }

        services.AddSingleton(sp => new EhiProcessor(store, sp.GetRequiredService<IDecider>(), options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<EhiProcessor>>(), sp.GetRequiredService<ProcessingMetrics>()));
        services.AddSingleton<IEhiMessageHandler>(sp => sp.GetRequiredService<EhiProcessor>());
        return services;
    }
}
