using System.Diagnostics.Metrics;

namespace Ehi.Storage.Sqlite;

/// <summary>The journal's instruments (meter <c>Ehi.Journal</c>): how long each group commit takes
/// (the fsync every answer waits for) and how many messages share it.</summary>
internal static class JournalMetrics
{
    private static readonly Meter Meter = new("Ehi.Journal");

    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("ehi.journal.commit.duration", "s", "Time of one group commit, fsync included.");

    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("ehi.journal.commit.batch_size", "{operation}", "Writes committed together in one group commit.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
}
