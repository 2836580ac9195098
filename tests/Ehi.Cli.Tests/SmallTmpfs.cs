using Ehi.Testing;

namespace Ehi.Cli.Tests;

/// <summary>A tmpfs of a few MB mounted on a temp directory, and a file that fills it up: a full disk
/// that a test can make and unmake. Unmounted on dispose.</summary>
internal sealed class SmallTmpfs : IAsyncDisposable
{
    private SmallTmpfs(string path) => Path = path;

    public string Path { get; }

    private string Filler => System.IO.Path.Combine(Path, "filler");

    public static async Task<SmallTmpfs> MountAsync(string path, int megabytes)
    {
        Directory.CreateDirectory(path);
        var mounted = await ExternalTool.RunAsync("mount", ["-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path]);
        Assert.True(mounted.ExitCode == 0, "mount -t tmpfs failed: " + mounted.All);
        return new SmallTmpfs(path);
    }

    /// <summary>Writes a file until no page is left (large writes, then page by page).</summary>
    public long Fill()
    {
        long written = 0;
        using var file = new FileStream(Filler, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        foreach (int size in new[] { 256 * 1024, 4096, 512 })
        {
            byte[] chunk = new byte[size];
            try
            {
                while (true)
                {
                    file.Write(chunk);
                    file.Flush();
                    written += size;
                }
            }
            catch (IOException)
            {
                // No space for this size: go on with a smaller one.
            }
        }

        return written;
    }

    public void Free() => File.Delete(Filler);

    public async ValueTask DisposeAsync()
    {
        var unmounted = await ExternalTool.RunAsync("umount", [Path]);
        if (unmounted.ExitCode != 0)
        {
            // Still busy (a process that has not quite gone): detach it now, it goes when released.
            await ExternalTool.RunAsync("umount", ["-l", Path]);
        }
    }
}
