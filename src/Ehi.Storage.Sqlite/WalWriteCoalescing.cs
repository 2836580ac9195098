using System.Runtime.InteropServices;

namespace Ehi.Storage.Sqlite;

/// <summary>A SQLite VFS for the writer's connection that hands each commit's WAL frames to the
/// kernel in one <c>pwrite</c>. SQLite writes every frame of a commit with two calls (its 24-byte
/// header, then the page), so a ledger commit of ~8 messages made ~150 write system calls, and on
/// the paravirtualised bench machine a system call costs several microseconds whatever its size
/// (the writer spent ~20% of its time entering and leaving pwrite). Here contiguous writes to the
/// WAL collect in a buffer that is written out before anything that needs them in the file: the
/// commit's sync (with <c>synchronous=FULL</c> SQLite syncs the WAL before it makes the commit
/// visible to other connections, so they never read frames still in the buffer), any read, size,
/// truncate or close, and any write that does not continue the buffer. A failed write is reported
/// to the call that flushed as an I/O error, which rolls back the whole transaction. So the file
/// receives the same bytes in the same order as without the buffer, only in fewer calls; a process
/// killed with frames in the buffer had not finished that commit, as if killed a moment earlier.
/// Everything but WAL files (the database, its shared memory) goes straight to the default VFS,
/// which also opens the WAL itself: locks and shared memory are shared with every other connection
/// as usual. The connection must keep <c>synchronous=FULL</c> (with NORMAL a commit ends without a
/// sync, and readers would look for frames still in the buffer). Only for 64-bit Linux, where the
/// structures below have the layout assumed.</summary>
internal static unsafe partial class WalWriteCoalescing
{
    /// <summary>The name to give as the writer connection's <c>Vfs</c>.</summary>
    public const string VfsName = "ehi-wal-coalescing";

    private const int SqliteOk = 0;
    private const int SqliteIoErrWrite = 10 | (3 << 8);
    private const int OpenWal = 0x00080000;
    private const int PowersafeOverwrite = 0x00001000;
    private const int VfsSize = 168;        // sqlite3_vfs, version 3
    private const int MethodsSize = 104;    // sqlite3_io_methods, version 1 (no shared memory or mmap: a WAL file needs neither)
    private const int Header = 64;          // ours, in front of the default VFS's file object
    private const int Capacity = 4 << 20;   // a commit larger than this is written out in parts
    private const int MaxWrite = 31 * 4096; // the default VFS writes at most 128 KiB - 1 per call (it masks the length)

    // Offsets in our file object.
    private const int BufferAt = 8;
    private const int StartAt = 16;
    private const int LengthAt = 24;

    // Offsets of the methods in sqlite3_io_methods.
    private const int XClose = 8;
    private const int XRead = 16;
    private const int XWrite = 24;
    private const int XTruncate = 32;
    private const int XSync = 40;
    private const int XFileSize = 48;
    private const int XLock = 56;
    private const int XUnlock = 64;
    private const int XCheckReservedLock = 72;
    private const int XFileControl = 80;
    private const int XSectorSize = 88;
    private const int XDeviceCharacteristics = 96;

    private static readonly object Gate = new();
    private static nint _default;
    private static nint _methods;
    private static bool _registered;

    /// <summary>Registers the VFS once per process (after SQLite is loaded); false where it cannot
    /// be used, and the writer then keeps the default VFS.</summary>
    public static bool Register()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return true;
            }

            if (!OperatingSystem.IsLinux() || IntPtr.Size != 8)
            {
                return false;
            }

            nint original = VfsFind(0);
            if (original == 0 || *(int*)original < 3)
            {
                return false;
            }

            var methods = (nint)NativeMemory.AllocZeroed(MethodsSize);
            *(int*)methods = 1;
            *(nint*)(methods + XClose) = (nint)(delegate* unmanaged<nint, int>)&Close;
            *(nint*)(methods + XRead) = (nint)(delegate* unmanaged<nint, nint, int, long, int>)&Read;
            *(nint*)(methods + XWrite) = (nint)(delegate* unmanaged<nint, nint, int, long, int>)&Write;
            *(nint*)(methods + XTruncate) = (nint)(delegate* unmanaged<nint, long, int>)&Truncate;
            *(nint*)(methods + XSync) = (nint)(delegate* unmanaged<nint, int, int>)&Sync;
            *(nint*)(methods + XFileSize) = (nint)(delegate* unmanaged<nint, long*, int>)&FileSize;
            *(nint*)(methods + XLock) = (nint)(delegate* unmanaged<nint, int, int>)&Lock;
            *(nint*)(methods + XUnlock) = (nint)(delegate* unmanaged<nint, int, int>)&Unlock;
            *(nint*)(methods + XCheckReservedLock) = (nint)(delegate* unmanaged<nint, int*, int>)&CheckReservedLock;
            *(nint*)(methods + XFileControl) = (nint)(delegate* unmanaged<nint, int, nint, int>)&FileControl;
            *(nint*)(methods + XSectorSize) = (nint)(delegate* unmanaged<nint, int>)&SectorSize;
            *(nint*)(methods + XDeviceCharacteristics) = (nint)(delegate* unmanaged<nint, int>)&DeviceCharacteristics;

            // A copy of the default VFS (its other methods do not use the VFS pointer they are given
            // beyond its application data, copied too) with a bigger file object and our xOpen.
            var vfs = (nint)NativeMemory.AllocZeroed(VfsSize);
            Buffer.MemoryCopy((void*)original, (void*)vfs, VfsSize, VfsSize);
            *(int*)vfs = 3; // what was copied
            *(int*)(vfs + 4) = *(int*)(original + 4) + Header;
            *(nint*)(vfs + 16) = 0;
            *(nint*)(vfs + 24) = Marshal.StringToCoTaskMemUTF8(VfsName);
            *(nint*)(vfs + 40) = (nint)(delegate* unmanaged<nint, nint, nint, int, int*, int>)&Open;
            if (VfsRegister(vfs, 0) != SqliteOk)
            {
                return false;
            }

            _default = original;
            _methods = methods;
            _registered = true;
            return true;
        }
    }

    [UnmanagedCallersOnly]
    private static int Open(nint vfs, nint name, nint file, int flags, int* outFlags)
    {
        var open = (delegate* unmanaged<nint, nint, nint, int, int*, int>)*(nint*)(_default + 40);
        if ((flags & OpenWal) == 0)
        {
            return open(_default, name, file, flags, outFlags); // the default's own object, at the start
        }

        NativeMemory.Clear((void*)file, Header);
        int rc = open(_default, name, file + Header, flags, outFlags);
        if (rc == SqliteOk)
        {
            *(nint*)file = _methods;
            // Without power-safe overwrite SQLite pads a commit to a sector boundary and writes the
            // last frame's tail after its sync: then nothing is buffered (writes go straight through).
            if ((((delegate* unmanaged<nint, int>)Method(file, XDeviceCharacteristics))(file + Header) & PowersafeOverwrite) != 0)
            {
                try
                {
                    *(nint*)(file + BufferAt) = (nint)NativeMemory.Alloc(Capacity);
                }
                catch (OutOfMemoryException)
                {
                    // Unbuffered, then: slower, not wrong.
                }
            }
        }

        return rc;
    }

    [UnmanagedCallersOnly]
    private static int Write(nint file, nint data, int amount, long offset)
    {
        var buffer = (byte*)*(nint*)(file + BufferAt);
        if (buffer == null)
        {
            return ((delegate* unmanaged<nint, nint, int, long, int>)Method(file, XWrite))(file + Header, data, amount, offset);
        }

        ref long start = ref *(long*)(file + StartAt);
        ref int length = ref *(int*)(file + LengthAt);
        if (length > 0 && offset == start + length && length + amount <= Capacity)
        {
            Buffer.MemoryCopy((void*)data, buffer + length, Capacity - length, amount);
            length += amount;
            return SqliteOk;
        }

        int rc = Flush(file);
        if (rc != SqliteOk)
        {
            return rc;
        }

        if (amount > Capacity)
        {
            return ((delegate* unmanaged<nint, nint, int, long, int>)Method(file, XWrite))(file + Header, data, amount, offset);
        }

        Buffer.MemoryCopy((void*)data, buffer, Capacity, amount);
        start = offset;
        length = amount;
        return SqliteOk;
    }

    [UnmanagedCallersOnly]
    private static int Read(nint file, nint data, int amount, long offset)
    {
        int rc = Flush(file);
        return rc != SqliteOk ? rc : ((delegate* unmanaged<nint, nint, int, long, int>)Method(file, XRead))(file + Header, data, amount, offset);
    }

    [UnmanagedCallersOnly]
    private static int Sync(nint file, int flags)
    {
        int rc = Flush(file);
        return rc != SqliteOk ? rc : ((delegate* unmanaged<nint, int, int>)Method(file, XSync))(file + Header, flags);
    }

    [UnmanagedCallersOnly]
    private static int Truncate(nint file, long size)
    {
        int rc = Flush(file);
        return rc != SqliteOk ? rc : ((delegate* unmanaged<nint, long, int>)Method(file, XTruncate))(file + Header, size);
    }

    [UnmanagedCallersOnly]
    private static int FileSize(nint file, long* size)
    {
        int rc = Flush(file);
        return rc != SqliteOk ? rc : ((delegate* unmanaged<nint, long*, int>)Method(file, XFileSize))(file + Header, size);
    }

    // Not flushed here: SQLite ignores what its file-control hints return, so a failed write here
    // would go unnoticed, and none of them needs the frames in the file.
    [UnmanagedCallersOnly]
    private static int FileControl(nint file, int op, nint argument) =>
        ((delegate* unmanaged<nint, int, nint, int>)Method(file, XFileControl))(file + Header, op, argument);

    [UnmanagedCallersOnly]
    private static int Close(nint file)
    {
        int flushed = Flush(file);
        int rc = ((delegate* unmanaged<nint, int>)Method(file, XClose))(file + Header);
        NativeMemory.Free((void*)*(nint*)(file + BufferAt));
        *(nint*)(file + BufferAt) = 0;
        return flushed != SqliteOk ? flushed : rc;
    }

    [UnmanagedCallersOnly]
    private static int Lock(nint file, int level) => ((delegate* unmanaged<nint, int, int>)Method(file, XLock))(file + Header, level);

    [UnmanagedCallersOnly]
    private static int Unlock(nint file, int level) => ((delegate* unmanaged<nint, int, int>)Method(file, XUnlock))(file + Header, level);

    [UnmanagedCallersOnly]
    private static int CheckReservedLock(nint file, int* result) => ((delegate* unmanaged<nint, int*, int>)Method(file, XCheckReservedLock))(file + Header, result);

    [UnmanagedCallersOnly]
    private static int SectorSize(nint file) => ((delegate* unmanaged<nint, int>)Method(file, XSectorSize))(file + Header);

    [UnmanagedCallersOnly]
    private static int DeviceCharacteristics(nint file) => ((delegate* unmanaged<nint, int>)Method(file, XDeviceCharacteristics))(file + Header);

    // The buffered frames into the file, in one call.
    private static int Flush(nint file)
    {
        ref int length = ref *(int*)(file + LengthAt);
        if (length == 0)
        {
            return SqliteOk;
        }

        var write = (delegate* unmanaged<nint, nint, int, long, int>)Method(file, XWrite);
        nint data = *(nint*)(file + BufferAt);
        long offset = *(long*)(file + StartAt);
        int rc = SqliteOk;
        for (int done = 0; done < length && rc == SqliteOk; done += MaxWrite)
        {
            rc = write(file + Header, data + done, Math.Min(MaxWrite, length - done), offset + done);
        }

        length = 0;
        // Always an I/O error, never SQLITE_FULL as the default VFS says on ENOSPC: after FULL from a
        // read SQLite may roll back only the statement, and the transaction would go on as if the
        // dropped frames were written. An I/O error rolls back the whole transaction.
        return rc == SqliteOk ? SqliteOk : SqliteIoErrWrite;
    }

    // A method of the default VFS's file object, which sits after our header.
    private static nint Method(nint file, int offset) => *(nint*)(*(nint*)(file + Header) + offset);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_vfs_find")]
    private static partial nint VfsFind(nint name);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_vfs_register")]
    private static partial int VfsRegister(nint vfs, int makeDefault);
}
