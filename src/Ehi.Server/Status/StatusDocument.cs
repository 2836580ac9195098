using System.Globalization;
using System.Text.Json;
using Ehi.Core.Handling;
using Ehi.Server.Hosting;
using Ehi.Server.Telemetry;
using Ehi.Server.Tls;

namespace Ehi.Server.Status;

/// <summary>Writes <c>/status.json</c>, everything the status page shows: the endpoint and its
/// controls, certificates and CRLs with days left, refusals of the last hour, the traffic of the
/// last 15 minutes, the last Cut-Offs and the journal and ledger health.</summary>
internal static class StatusDocument
{
    public static void Write(Utf8JsonWriter w, StartupReport report, TlsMaterial material, DownloadedCrls downloaded, RecentRefusals refusals, TrafficWindow traffic, OperationsReport? operations, double budgetMs, DateTimeOffset now)
    {
        w.WriteStartObject();
        w.WriteString("generatedAt", now);
        w.WriteStartObject("endpoint");
        w.WriteString("listen", report.Listen);
        w.WriteString("path", report.Path);
        w.WriteStartArray("controls");
        foreach (string control in report.Controls)
        {
            w.WriteStringValue(control);
        }

        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteStartArray("certificates");
        Certificate(w, "server", material.Server.Facts.Subject, material.Server.Facts.NotAfter, now);
        foreach (var ca in material.Trust.AllCertificates)
        {
            Certificate(w, "trusted CA", ca.Subject, new DateTimeOffset(ca.NotAfter.ToUniversalTime(), TimeSpan.Zero), now);
        }

        w.WriteEndArray();
        w.WriteStartArray("crls");
        foreach (var crl in ServerMetrics.CrlsInUse(material, downloaded))
        {
            w.WriteStartObject();
            w.WriteString("issuer", crl.Crl.Issuer.Name);
            w.WriteString("source", crl.Source);
            w.WriteNumber("revoked", crl.Crl.RevokedCount);
            if (crl.Crl.NextUpdate is { } next)
            {
                w.WriteString("nextUpdate", next);
                w.WriteNumber("daysLeft", Math.Round((next - now).TotalDays, 1));
            }

            w.WriteBoolean("stale", crl.Crl.IsStale(now));
            w.WriteEndObject();
        }

        w.WriteEndArray();

        var (byReason, latest) = refusals.Snapshot(8);
        w.WriteStartObject("refusals");
        w.WriteStartObject("lastHourByReason");
        foreach (var (reason, count) in byReason.OrderByDescending(p => p.Value))
        {
            w.WriteNumber(reason, count);
        }

        w.WriteEndObject();
        w.WriteStartArray("latest");
        foreach (var r in latest)
        {
            w.WriteStartObject();
            w.WriteString("at", r.At);
            w.WriteString("reason", r.Reason);
            w.WriteString("subject", r.Subject);
            w.WriteString("issuer", r.Issuer);
            w.WriteString("thumbprint", r.Thumbprint);
            w.WriteString("remote", r.Remote);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();

        Traffic(w, traffic.Snapshot(), budgetMs);
        Operations(w, operations);
        w.WriteEndObject();
    }

    private static void Certificate(Utf8JsonWriter w, string role, string subject, DateTimeOffset notAfter, DateTimeOffset now)
    {
        w.WriteStartObject();
        w.WriteString("role", role);
        w.WriteString("subject", subject);
        w.WriteString("notAfter", notAfter);
        w.WriteNumber("daysLeft", Math.Floor((notAfter - now).TotalDays));
        w.WriteEndObject();
    }

    private static void Traffic(Utf8JsonWriter w, IReadOnlyList<TrafficWindow.SlotView> slots, double budgetMs)
    {
        w.WriteStartObject("traffic");
        w.WriteNumber("slotSeconds", TrafficWindow.SlotLength.TotalSeconds);
        w.WriteNumber("budgetMs", budgetMs);
        var total = new long[TrafficWindow.LatencyBoundsMs.Length];
        var byStatus = new Dictionary<string, long>(StringComparer.Ordinal);
        w.WriteStartArray("slots");
        foreach (var slot in slots)
        {
            w.WriteStartObject();
            w.WriteString("start", slot.Start);
            w.WriteNumber("perSecond", Math.Round(slot.Messages / TrafficWindow.SlotLength.TotalSeconds, 2));
            WriteOptional(w, "p50Ms", TrafficWindow.Percentile(slot.Histogram, 0.5));
            WriteOptional(w, "p99Ms", TrafficWindow.Percentile(slot.Histogram, 0.99));
            w.WriteEndObject();
            for (int i = 0; i < total.Length; i++)
            {
                total[i] += slot.Histogram[i];
            }

            foreach (var (status, count) in slot.ByStatus)
            {
                byStatus[status] = byStatus.GetValueOrDefault(status) + count;
            }
        }

        w.WriteEndArray();
        w.WriteNumber("messages", byStatus.Values.Sum());
        w.WriteStartObject("answersByStatus");
        foreach (var (status, count) in byStatus.OrderByDescending(p => p.Value))
        {
            w.WriteNumber(status, count);
        }

        w.WriteEndObject();
        w.WriteStartObject("latencyMs");
        WriteOptional(w, "p50", TrafficWindow.Percentile(total, 0.5));
        WriteOptional(w, "p90", TrafficWindow.Percentile(total, 0.9));
        WriteOptional(w, "p99", TrafficWindow.Percentile(total, 0.99));
        WriteOptional(w, "p999", TrafficWindow.Percentile(total, 0.999));
        w.WriteEndObject();
        long overBudget = 0;
        for (int i = 0; i < total.Length; i++)
        {
            if (TrafficWindow.LatencyBoundsMs[i] > budgetMs)
            {
                overBudget += total[i];
            }
        }

        w.WriteNumber("overBudget", overBudget);
        w.WriteEndObject();
    }

    private static void Operations(Utf8JsonWriter w, OperationsReport? operations)
    {
        w.WriteStartArray("cutOffs");
        foreach (var c in operations?.CutOffs ?? [])
        {
            w.WriteStartObject();
            w.WriteNumber("id", c.Id);
            w.WriteString("receivedAt", c.ReceivedAt);
            w.WriteString("range", string.Create(CultureInfo.InvariantCulture, $"{c.FirstTxnId}..{c.LastTxnId}"));
            w.WriteBoolean("agrees", c.Differences.Count == 0);
            w.WriteString("differences", string.Join("; ", c.Differences));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("components");
        foreach (var c in operations?.Components ?? [])
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteBoolean("healthy", c.Healthy);
            w.WriteString("detail", c.Detail);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && !double.IsInfinity(v))
        {
            w.WriteNumber(name, v);
        }
        else if (value is not null)
        {
            w.WriteString(name, "over 1000");
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
