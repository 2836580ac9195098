using System.Diagnostics.Metrics;

namespace Ehi.Server.Status;

/// <summary>The last 15 minutes of EHI traffic in 10-second slots, for the status page's charts:
/// messages, answers by Responsestatus and a latency histogram per slot. Fed by listening to ehi's
/// own instruments (<c>ehi.messages</c>, <c>ehi.decision.duration</c>), so the page and /metrics
/// count the same events.</summary>
public sealed class TrafficWindow : IDisposable
{
    /// <summary>Slot length.</summary>
    public static readonly TimeSpan SlotLength = TimeSpan.FromSeconds(10);

    /// <summary>Upper bounds of the latency histogram, in milliseconds (the last is open-ended).</summary>
    public static readonly double[] LatencyBoundsMs = [1, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 125, 150, 175, 200, 250, 300, 500, 1000, double.PositiveInfinity];

    private const int Slots = 90;
    private readonly TimeProvider _time;
    private readonly MeterListener _listener = new();
    private readonly Slot[] _slots = new Slot[Slots];
    private readonly Lock _lock = new();

    /// <summary>Starts listening to the instruments this host's <paramref name="meters"/> create.</summary>
    public TrafficWindow(TimeProvider time, IMeterFactory meters)
    {
        _time = time;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name is "ehi.messages" or "ehi.decision.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) => OnMessages(_slots, value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, _, _) => OnLatency(_slots, value));
        _listener.Start();
    }

    /// <summary>Records a message and its latency into scratch slots, not the window: the server's
    /// warm-up calls it (its own messages are not counted) so the first real message does not wait
    /// for this code to be compiled.</summary>
    internal void Rehearse()
    {
        var scratch = new Slot[Slots];
        OnMessages(scratch, 1, [new("ehi.answer.status", "00")]);
        OnLatency(scratch, 0.001);
    }

    /// <summary>The slots of the last 15 minutes, oldest first, empty ones included.</summary>
    public IReadOnlyList<SlotView> Snapshot()
    {
        long now = SlotIndex(_time.GetUtcNow());
        var views = new List<SlotView>(Slots);
        lock (_lock)
        {
            for (long index = now - Slots + 1; index <= now; index++)
            {
                var slot = _slots[(int)(index % Slots)];
                var start = DateTimeOffset.FromUnixTimeMilliseconds(index * (long)SlotLength.TotalMilliseconds);
                views.Add(slot is not null && slot.Index == index
                    ? new SlotView(start, slot.Messages, new Dictionary<string, long>(slot.ByStatus), (long[])slot.Histogram.Clone())
                    : new SlotView(start, 0, new Dictionary<string, long>(), new long[LatencyBoundsMs.Length]));
            }
        }

        return views;
    }

    /// <summary>The latency below which <paramref name="quantile"/> of the answers fell, in ms (a histogram bound).</summary>
    public static double? Percentile(long[] histogram, double quantile)
    {
        long total = histogram.Sum();
        if (total == 0)
        {
            return null;
        }

        long rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (int i = 0; i < histogram.Length; i++)
        {
            seen += histogram[i];
            if (seen >= rank)
            {
                return LatencyBoundsMs[i];
            }
        }

        return LatencyBoundsMs[^1];
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private void OnMessages(Slot[] slots, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string status = "none";
        foreach (var tag in tags)
        {
            if (tag.Key == "ehi.answer.status")
            {
                status = tag.Value as string ?? "none";
            }
        }

        Record(slots, slot => slot.Count(status, value));
    }

    private void OnLatency(Slot[] slots, double seconds) => Record(slots, slot => slot.Latency(seconds * 1000));

    private void Record(Slot[] slots, Action<Slot> update)
    {
        long index = SlotIndex(_time.GetUtcNow());
        lock (_lock)
        {
            ref var slot = ref slots[(int)(index % Slots)];
            if (slot is null || slot.Index != index)
            {
                slot = new Slot(index);
            }

            update(slot);
        }
    }

    private static long SlotIndex(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / (long)SlotLength.TotalMilliseconds;

    /// <summary>One 10-second slot as the page draws it.</summary>
    /// <param name="Start">The slot's start.</param>
    /// <param name="Messages">Messages answered.</param>
    /// <param name="ByStatus">Answers by Responsestatus (<c>none</c> for acknowledgement-only answers).</param>
    /// <param name="Histogram">Latency counts per <see cref="LatencyBoundsMs"/> bucket.</param>
    public sealed record SlotView(DateTimeOffset Start, long Messages, IReadOnlyDictionary<string, long> ByStatus, long[] Histogram);

    private sealed class Slot(long index)
    {
        public long Index { get; } = index;

        public long Messages { get; private set; }

        public Dictionary<string, long> ByStatus { get; } = new(StringComparer.Ordinal);

        public long[] Histogram { get; } = new long[LatencyBoundsMs.Length];

        public void Count(string status, long n)
        {
            Messages += n;
            ByStatus[status] = ByStatus.GetValueOrDefault(status) + n;
        }

        public void Latency(double ms)
        {
            int i = 0;
            while (ms > LatencyBoundsMs[i])
            {
                i++;
            }

            Histogram[i]++;
        }
    }
}
