using Ehi.Server.Tls;

namespace Ehi.Server.Status;

/// <summary>The refusals of the last hour, for the status page: counts by reason and the last few
/// client certificates refused. Bounded in memory whatever the refusal rate.</summary>
public sealed class RecentRefusals(TimeProvider time)
{
    private const int MaxKept = 10_000;
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly Queue<Refusal> _refusals = new();
    private readonly Lock _lock = new();

    /// <summary>Records a refusal.</summary>
    public void Add(string reason, ClientCertificateVerdict? verdict, string? remote)
    {
        var refusal = new Refusal(time.GetUtcNow(), reason, verdict?.Subject, verdict?.Issuer, verdict?.Thumbprint, remote);
        lock (_lock)
        {
            _refusals.Enqueue(refusal);
            Prune(refusal.At);
        }
    }

    /// <summary>Counts by reason over the last hour and the latest <paramref name="latest"/> refusals, newest first.</summary>
    public (IReadOnlyDictionary<string, int> ByReason, IReadOnlyList<Refusal> Latest) Snapshot(int latest)
    {
        lock (_lock)
        {
            Prune(time.GetUtcNow());
            var byReason = _refusals.GroupBy(r => r.Reason).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            return (byReason, [.. _refusals.Reverse().Take(latest)]);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        while (_refusals.Count > 0 && (_refusals.Count > MaxKept || now - _refusals.Peek().At > Window))
        {
            _refusals.Dequeue();
        }
    }

    /// <summary>One refused request or connection.</summary>
    /// <param name="At">When.</param>
    /// <param name="Reason">The stable reason name (as in the metrics).</param>
    /// <param name="Subject">The client certificate's subject, if one was sent.</param>
    /// <param name="Issuer">Its issuer.</param>
    /// <param name="Thumbprint">Its SHA-256 thumbprint.</param>
    /// <param name="Remote">The remote address.</param>
    public sealed record Refusal(DateTimeOffset At, string Reason, string? Subject, string? Issuer, string? Thumbprint, string? Remote);
}
