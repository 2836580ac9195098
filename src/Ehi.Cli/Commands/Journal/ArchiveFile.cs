using System.Runtime.InteropServices;

namespace Ehi.Cli.Commands.Journal;

/// <summary>The archive file on disk: created new (never over an existing archive), 0600 because
/// it holds card tokens and message bodies, and made durable (the file's data and its directory
/// entry fsynced) before the journal loses anything.</summary>
internal static partial class ArchiveFile
{
    private const int ReadOnlyDirectory = 0x10000; // O_RDONLY | O_DIRECTORY on Linux

    public static FileStream Create(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }

    /// <summary>fsyncs the file, then its directory, so a power cut after this cannot lose the new
    /// name (.NET cannot open a directory, hence libc).</summary>
    public static void MakeDurable(FileStream file)
    {
        file.Flush(flushToDisk: true);
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        string directory = Path.GetDirectoryName(Path.GetFullPath(file.Name))!;
        int fd = Open(directory, ReadOnlyDirectory);
        if (fd < 0)
        {
            throw new IOException($"cannot open {directory} to fsync it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"cannot fsync {directory} (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
