namespace Ehi.Server.Hosting;

/// <summary>The garbage collector's young-generation (gen0) budget in force, for the start report.
/// On the 2-core bench machine the runtime's default budget is about 2 MiB: at 4,000 ledger messages
/// a second (38 KB allocated each) that is a gen0 collection every 54 messages, each suspending every
/// thread for about 1 ms, 17-19 µs of pause per message. With 32 MiB (<c>DOTNET_GCgen0size=0x2000000</c>)
/// the collections are 16 times rarer, the pause per message 1.7 µs and each pause 1.5-3 ms; the
/// runtime reads the setting only from the environment, before any code of ours runs, so the
/// launchers (./ehi, the container image, the systemd unit, the bench scripts) set it.</summary>
public static class GcBudget
{
    /// <summary>The value the launchers set.</summary>
    public const string Recommended = "0x2000000";

    /// <summary>One phrase: the budget in force and where it comes from.</summary>
    public static string Describe()
    {
        long bytes = GC.GetConfigurationVariables().TryGetValue("GCGen0MaxBudget", out object? value) && value is IConvertible number
            ? number.ToInt64(System.Globalization.CultureInfo.InvariantCulture)
            : 0;
        string size = bytes > 0 ? $"up to {bytes / (1024 * 1024)} MiB" : "the runtime's default";
        bool set = Environment.GetEnvironmentVariable("DOTNET_GCgen0size") is { Length: > 0 } || Environment.GetEnvironmentVariable("COMPlus_GCgen0size") is { Length: > 0 };
        return set
            ? $"GC young generation budget {size} (DOTNET_GCgen0size)"
            : $"GC young generation budget {size} (runtime default; ehi's launchers set DOTNET_GCgen0size={Recommended}: 16x fewer collections, see README)";
    }
}
