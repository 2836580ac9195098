using Ehi.Server.Configuration;
using Ehi.Server.Telemetry;
using Ehi.Server.Tls;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ehi.Server.Health;

/// <summary>Not ready when a CRL in use is past its nextUpdate, or a configured CRL URL has never
/// been fetched, while the policy is to refuse certificates on stale CRLs (every client would be
/// refused). Degraded when a CRL is within two refresh intervals of going stale, or stale under the
/// Warn policy.</summary>
internal sealed class CrlHealthCheck(TlsMaterialSource material, DownloadedCrls downloaded, TlsOptions options, TimeProvider time) : IHealthCheck
{
    public const string Name = "crl";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var crls = ServerMetrics.CrlsInUse(material.Current, downloaded).ToList();
        bool refuse = options.StaleCrl == StaleCrlPolicy.Refuse;
        var missing = options.CrlUrls.Where(u => !downloaded.Has(u)).ToList();
        var stale = crls.Where(c => c.Crl.IsStale(now)).ToList();
        if (stale.Count > 0 || missing.Count > 0)
        {
            string text = string.Join("; ", stale.Select(c => $"{c.Source} is stale since {c.Crl.NextUpdate:yyyy-MM-dd HH:mm} UTC")
                .Concat(missing.Select(u => $"{u} has not been fetched yet")));
            return Task.FromResult(refuse
                ? HealthCheckResult.Unhealthy(text + " (Ehi:Tls:StaleCrl Refuse: clients on these CAs are refused)")
                : HealthCheckResult.Degraded(text + " (Ehi:Tls:StaleCrl Warn: accepted with a warning)"));
        }

        if (crls.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy("no CRL configured"));
        }

        var soonest = crls.Where(c => c.Crl.NextUpdate is not null).OrderBy(c => c.Crl.NextUpdate).FirstOrDefault();
        if (soonest is null)
        {
            return Task.FromResult(HealthCheckResult.Healthy($"{crls.Count} CRL(s), none with a nextUpdate"));
        }

        var left = soonest.Crl.NextUpdate!.Value - now;
        string summary = $"{crls.Count} CRL(s); the next to go stale is {soonest.Source} in {Describe(left)}";
        return Task.FromResult(left < 2 * options.CrlRefreshInterval ? HealthCheckResult.Degraded(summary) : HealthCheckResult.Healthy(summary));
    }

    private static string Describe(TimeSpan left) => left.TotalDays >= 1 ? $"{left.TotalDays:0.#} days" : left.TotalHours >= 1 ? $"{left.TotalHours:0.#} hours" : $"{left.TotalMinutes:0} minutes";
}
