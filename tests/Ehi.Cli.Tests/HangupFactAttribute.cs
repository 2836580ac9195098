namespace Ehi.Cli.Tests;

/// <summary>A test that sends SIGHUP to an ehi process. When this test run itself ignores SIGHUP
/// (started under <c>nohup</c>), every process it starts inherits that, the runtime keeps the
/// signal ignored, and nothing could be reloaded: the test is skipped, saying why.</summary>
public sealed class HangupFactAttribute : FactAttribute
{
    public HangupFactAttribute()
    {
        if (HangupIgnored())
        {
            Skip = "SIGHUP is ignored by this test run (started under nohup?), so ehi would inherit it; run the tests without nohup";
        }
    }

    // SigIgn in /proc/self/status is a hex mask of ignored signals; SIGHUP (1) is its lowest bit.
    private static bool HangupIgnored()
    {
        string? line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) : null;
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 1) == 1;
    }
}
