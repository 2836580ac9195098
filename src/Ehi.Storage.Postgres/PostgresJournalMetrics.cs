using System.Diagnostics.Metrics;

namespace Ehi.Storage.Postgres;

/// <summary>The PostgreSQL journal's instruments, under the same meter and names as SQLite's
/// (<c>Ehi.Journal</c>): how long each group commit takes and how many messages share it.</summary>
internal static class PostgresJournalMetrics
{
    private static readonly Meter Meter = new("Ehi.Journal");

    /// <summary>The tag that tells these from SQLite's in one process.</summary>
    public static readonly KeyValuePair<string, object?> Backend = new("db.system.name", "postgresql");

    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("ehi.journal.commit.duration", "s", "Time of one group commit, fsync included.");

    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("ehi.journal.commit.batch_size", "{operation}", "Writes committed together in one group commit.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
}
