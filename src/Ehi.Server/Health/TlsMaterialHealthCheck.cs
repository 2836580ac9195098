using Ehi.Server.Tls;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ehi.Server.Health;

/// <summary>Ready when the TLS material in service is usable: a server certificate within its
/// validity and at least one trusted CA.</summary>
internal sealed class TlsMaterialHealthCheck(TlsMaterialSource material, TimeProvider time) : IHealthCheck
{
    public const string Name = "tls";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var current = material.Current;
        var now = time.GetUtcNow();
        var facts = current.Server.Facts;
        if (facts.NotAfter <= now)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"the server certificate {facts.Subject} expired on {facts.NotAfter:yyyy-MM-dd}"));
        }

        if (current.Trust.AllCertificates.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("no trusted client CA is loaded"));
        }

        int days = (int)(facts.NotAfter - now).TotalDays;
        string text = $"server certificate {facts.Subject}, {days} days left; {current.Trust.AllCertificates.Count} trusted CA(s)";
        return Task.FromResult(days < 30 ? HealthCheckResult.Degraded(text) : HealthCheckResult.Healthy(text));
    }
}
