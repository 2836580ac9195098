using System.Runtime.InteropServices;

namespace Ehi.Storage.Sqlite;

/// <summary>Which file a path names: device and inode, read with one <c>statx</c> call (a fixed,
/// architecture-independent layout, unlike <c>struct stat</c>). A file deleted or renamed over while
/// SQLite holds it open keeps taking writes that no one will ever read again; comparing identities
/// is how the writer notices.</summary>
internal readonly partial record struct FileIdentity(uint DeviceMajor, uint DeviceMinor, ulong Inode)
{
    private const int AtFdCwd = -100;
    private const uint StatxIno = 0x100;

    /// <summary>The identity of <paramref name="path"/>, or null when nothing is there (or on a
    /// platform without statx, where the check is off).</summary>
    public static FileIdentity? Of(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        byte[] buffer = new byte[256];
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxIno, buffer) != 0)
            {
                return null;
            }
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }

        return new FileIdentity(
            MemoryMarshal.Read<uint>(buffer.AsSpan(136)),
            MemoryMarshal.Read<uint>(buffer.AsSpan(140)),
            MemoryMarshal.Read<ulong>(buffer.AsSpan(32)));
    }

    public override string ToString() => $"device {DeviceMajor}:{DeviceMinor} inode {Inode}";

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, [Out] byte[] buffer);
}
