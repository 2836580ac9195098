using System.Globalization;

namespace Ehi.Processing.Storage;

/// <summary>How long the live journal keeps every message whatever else is true: Thredd resends an
/// unacknowledged message for up to 7 days, and a resend must find its stored answer (otherwise it
/// would be processed again), so the window is never shorter than that.</summary>
public static class RetentionWindow
{
    /// <summary>The shortest window allowed, and the default.</summary>
    public static readonly TimeSpan Minimum = TimeSpan.FromDays(7);

    /// <summary>Why archiving everything before <paramref name="before"/> is refused at
    /// <paramref name="now"/> with <paramref name="window"/>, as one sentence; null when allowed.</summary>
    public static string? Refusal(DateTimeOffset before, DateTimeOffset now, TimeSpan window)
    {
        if (window < Minimum)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the retention window is {window.TotalDays:0.##} days but must be at least {Minimum.TotalDays:0} (Thredd resends an unacknowledged message for up to 7 days and a resend needs its stored answer)");
        }

        var latest = now - window;
        return before > latest
            ? string.Create(CultureInfo.InvariantCulture, $"--before {before.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} is inside the {window.TotalDays:0.##}-day retention window, where a resend could still need its stored answer; archive before {latest.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} or earlier")
            : null;
    }
}
