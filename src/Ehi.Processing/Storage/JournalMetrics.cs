using System.Diagnostics.Metrics;

namespace Ehi.Processing.Storage;

/// <summary>The journal's instruments (meter <c>Ehi.Journal</c>), recorded by every backend: how long
/// each group commit takes (the fsync every answer waits for) and how many messages share it.</summary>
public static class JournalMetrics
{
    private static readonly Meter Meter = new("Ehi.Journal");

    /// <summary>Time of one group commit, fsync included.</summary>
    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("ehi.journal.commit.duration", "s", "Time of one group commit, fsync included.");

    /// <summary>Writes committed together in one group commit.</summary>
    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("ehi.journal.commit.batch_size", "{operation}", "Writes committed together in one group commit.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });

    /// <summary>Time of one checkpoint (SQLite: WAL pages copied into the database), tagged with who ran it.</summary>
    public static readonly Histogram<double> CheckpointDuration = Meter.CreateHistogram<double>("ehi.journal.checkpoint.duration", "s", "Time of one checkpoint, tagged by: background or writer.");

    /// <summary>The tag PostgreSQL's commits carry, which tells them from SQLite's in one process.</summary>
    public static readonly KeyValuePair<string, object?> Postgres = new("db.system.name", "postgresql");
}
