using Ehi.Server.WarmUp;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ehi.Server.Health;

/// <summary>Not ready while the server warms its paths with its own loopback exchange: a message
/// arriving then would be the slow first one the warm-up exists to absorb.</summary>
internal sealed class WarmUpHealthCheck(LoopbackWarmUp warmUp) : IHealthCheck
{
    public const string Name = "warm-up";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(warmUp.IsComplete
            ? HealthCheckResult.Healthy("every path warmed before reporting ready (or Ehi:WarmUp is off)")
            : HealthCheckResult.Unhealthy("warming up: the loopback exchange has not finished"));
}
