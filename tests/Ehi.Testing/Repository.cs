namespace Ehi.Testing;

/// <summary>Where the checkout is, for tests that use its shipped files (docs, packaging, scripts).</summary>
public static class Repository
{
    /// <summary>The directory holding ehi.slnx.</summary>
    public static string Root { get; } = Find();

    /// <summary>A path inside the checkout.</summary>
    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "ehi.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("the tests run outside the ehi checkout (no ehi.slnx above " + AppContext.BaseDirectory + ")");
    }
}
