using System.Runtime.InteropServices;
using System.Text;

namespace Doomsday.Core.Sources.Files;

/// <summary>
/// open/openat/read/close/fstatfs straight from libc, for the scan's hot path. <c>File.OpenHandle</c>
/// costs an extra <c>fstat</c> per file (it refuses directories) and <c>RandomAccess.GetLength</c>
/// another; reading until end of file needs neither. Callers fall back to the managed API on any
/// failure, so errors are reported exactly as before.
/// </summary>
internal static class NativeFile
{
    private const int ReadOnly = 0;
    private const int PathOnly = 0x200000; // O_PATH
    private const int CloseOnExec = 0x80000; // O_CLOEXEC
    // O_NONBLOCK: no effect on regular files and directories; a FIFO (or a device) met in a walk then
    // cannot block the scan in open or read, it reads as empty (no writer) or fails (EAGAIN).
    public const int NonBlocking = 0x800;
    private const int Interrupted = 4; // EINTR

    /// <summary>EAGAIN: a non-blocking read of a pipe, a terminal or a socket with nothing to read yet.</summary>
    public const int WouldBlock = 11;

    // O_DIRECTORY is one of the flags whose value differs between Linux architectures.
    private static readonly int Directory = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    private static bool _unavailable = !OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64);

    public static bool IsAvailable => !Volatile.Read(ref _unavailable);

    /// <summary>Opens <paramref name="path"/> (NUL-terminated UTF-8) read-only; -1 on any error.</summary>
    public static int Open(ReadOnlySpan<byte> path) => OpenAt(CurrentDirectory, path);

    /// <summary>The <c>AT_FDCWD</c> handle: relative names resolve against the working directory.</summary>
    public const int CurrentDirectory = -100;

    /// <summary>Opens <paramref name="name"/> (NUL-terminated UTF-8) relative to directory handle <paramref name="directory"/>; -1 on any error.</summary>
    public static int OpenAt(int directory, ReadOnlySpan<byte> name) => Call(directory, name, ReadOnly | NonBlocking | CloseOnExec);

    /// <summary>A handle on a directory that only serves to open names in it (O_PATH); -1 on any error.</summary>
    public static int OpenDirectory(ReadOnlySpan<byte> path) => Call(CurrentDirectory, path, PathOnly | Directory | CloseOnExec);

    private static int Call(int directory, ReadOnlySpan<byte> name, int flags)
    {
        try
        {
            return OpenAtNative(directory, ref MemoryMarshal.GetReference(name), flags);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            Volatile.Write(ref _unavailable, true);
            return -1;
        }
    }

    /// <summary>The most bytes <see cref="TryWritePath"/> can need for a path of <paramref name="chars"/> characters.</summary>
    public static int PathBytes(int chars) => Encoding.UTF8.GetMaxByteCount(chars) + 1;

    /// <summary>
    /// Writes <paramref name="path"/> as the NUL-terminated UTF-8 the kernel takes; <paramref name="length"/>
    /// counts the NUL. False for a path with a NUL in it (no file can have that name), or a surrogate that
    /// <see cref="FileNames"/> did not put there.
    /// </summary>
    public static bool TryWritePath(ReadOnlySpan<char> path, Span<byte> target, out int length)
    {
        // Names that are not UTF-8 reach here escaped (FileNames): written back as the bytes they were.
        if (!FileNames.TryEncode(path, target, out var written))
        {
            length = 0;
            return false;
        }
        length = written + 1;
        if (target[..written].Contains((byte)0)) return false;
        target[written] = 0;
        return true;
    }

    /// <summary>Reads into <paramref name="buffer"/>; 0 at end of file, -1 on error (interruptions are retried).</summary>
    public static int Read(int fd, Span<byte> buffer)
    {
        while (true)
        {
            var n = ReadNative(fd, ref MemoryMarshal.GetReference(buffer), buffer.Length);
            if (n >= 0) return (int)n;
            if (Marshal.GetLastPInvokeError() != Interrupted) return -1;
        }
    }

    /// <summary>As <see cref="Read(int, Span{byte})"/>, with the error number when it fails.</summary>
    public static int Read(int fd, Span<byte> buffer, out int error)
    {
        while (true)
        {
            var n = ReadNative(fd, ref MemoryMarshal.GetReference(buffer), buffer.Length);
            error = n >= 0 ? 0 : Marshal.GetLastPInvokeError();
            if (n >= 0) return (int)n;
            if (error != Interrupted) return -1;
        }
    }

    /// <summary>
    /// Waits until <paramref name="fd"/> has something to read, or its writer went away, for at most
    /// <paramref name="timeout"/>: false when the time ran out.
    /// </summary>
    public static bool WaitReadable(int fd, TimeSpan timeout)
    {
        var until = Environment.TickCount64 + (long)Math.Ceiling(timeout.TotalMilliseconds);
        while (true)
        {
            var left = until - Environment.TickCount64;
            if (left <= 0) return false;
            var request = new PollRequest { Fd = fd, Events = PollIn };
            var n = PollNative(ref request, 1, (int)Math.Min(left, int.MaxValue));
            if (n > 0) return true;
            if (n == 0) return false;
            if (Marshal.GetLastPInvokeError() != Interrupted) return true; // the read that follows reports the error
        }
    }

    /// <summary>
    /// What kind of file <paramref name="fd"/> is: true for a pipe, a device or a socket (whose reads may wait
    /// forever), false for a regular file or a directory, null when unknown.
    /// </summary>
    public static bool? IsSpecial(int fd)
    {
        // statx has one layout on every architecture (stx_mode: u16 at byte 28), unlike struct stat.
        Span<byte> buffer = stackalloc byte[256];
        byte empty = 0;
        try
        {
            if (StatxNative(fd, ref empty, EmptyPath, StatxType, ref MemoryMarshal.GetReference(buffer)) != 0) return null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        var type = MemoryMarshal.Read<ushort>(buffer[28..]) & 0xF000;
        return type is not (0x8000 or 0x4000); // S_IFREG, S_IFDIR
    }

    /// <summary>A directory entry's name (exact bytes, decoded by <see cref="FileNames"/>) and its d_type (0: unknown, 4: directory, 10: symlink).</summary>
    public readonly record struct DirectoryEntry(string Name, byte Type);

    public const byte TypeUnknown = 0;
    public const byte TypeDirectory = 4;
    public const byte TypeSymlink = 10;

    /// <summary>
    /// The entries of a directory with their names as the file system holds them (readdir(3)), "." and ".."
    /// left out; null when it cannot be listed (<paramref name="error"/>: errno).
    /// </summary>
    public static unsafe List<DirectoryEntry>? ListDirectory(string path, out int error)
    {
        var length = PathBytes(path.Length);
        Span<byte> name = length <= 1024 ? stackalloc byte[length] : new byte[length];
        error = 0;
        if (!TryWritePath(path, name, out _)) return null;
        var fd = Call(CurrentDirectory, name, ReadOnly | Directory | CloseOnExec);
        if (fd < 0)
        {
            error = Marshal.GetLastPInvokeError();
            return null;
        }
        var dir = FdOpenDirNative(fd);
        if (dir == 0)
        {
            error = Marshal.GetLastPInvokeError();
            Close(fd);
            return null;
        }
        var entries = new List<DirectoryEntry>();
        try
        {
            while (true)
            {
                Marshal.SetLastPInvokeError(0);
                var entry = (byte*)ReadDirNative(dir);
                if (entry is null)
                {
                    error = Marshal.GetLastPInvokeError();
                    return error == 0 ? entries : null;
                }
                // struct dirent of glibc on 64-bit Linux: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
                var entryName = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(entry + 19);
                if (entryName.SequenceEqual("."u8) || entryName.SequenceEqual(".."u8)) continue;
                entries.Add(new DirectoryEntry(FileNames.Decode(entryName), entry[18]));
            }
        }
        finally
        {
            CloseDirNative(dir); // closes fd too
        }
    }

    /// <summary>The file type bits (S_IFMT of st_mode) of <paramref name="path"/>, following symlinks or not; 0 with <paramref name="error"/> (errno) when it cannot be stat'ed.</summary>
    public static int TypeOf(string path, bool followLinks, out int error)
    {
        var length = PathBytes(path.Length);
        Span<byte> name = length <= 1024 ? stackalloc byte[length] : new byte[length];
        Span<byte> buffer = stackalloc byte[256];
        error = 0;
        if (!TryWritePath(path, name, out _))
        {
            error = NoSuchFile;
            return 0;
        }
        if (StatxNative(CurrentDirectory, ref MemoryMarshal.GetReference(name), followLinks ? 0 : NoFollow, StatxType, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            error = Marshal.GetLastPInvokeError();
            return 0;
        }
        return MemoryMarshal.Read<ushort>(buffer[28..]) & 0xF000;
    }

    public const int FileTypeDirectory = 0x4000;
    public const int FileTypeSymlink = 0xA000;
    public const int NoSuchFile = 2; // ENOENT
    public const int AccessDenied = 13; // EACCES
    public const int TooManyLinks = 40; // ELOOP
    private const int NoFollow = 0x100; // AT_SYMLINK_NOFOLLOW

    /// <summary>The canonical path (realpath(3)), names kept exact; null when it cannot be resolved.</summary>
    public static unsafe string? RealPath(string path)
    {
        var length = PathBytes(path.Length);
        Span<byte> name = length <= 1024 ? stackalloc byte[length] : new byte[length];
        if (!TryWritePath(path, name, out _)) return null;
        var resolved = RealPathNative(ref MemoryMarshal.GetReference(name), 0);
        if (resolved == 0) return null;
        try
        {
            return FileNames.Decode(MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)resolved));
        }
        finally
        {
            NativeMemory.Free((void*)resolved);
        }
    }

    private const short PollIn = 0x1;
    private const int EmptyPath = 0x1000; // AT_EMPTY_PATH
    private const uint StatxType = 0x1; // STATX_TYPE

    [StructLayout(LayoutKind.Sequential)]
    private struct PollRequest
    {
        public int Fd;
        public short Events;
        public short Returned;
    }

    public static void Close(int fd) => CloseNative(fd);

    /// <summary>The <c>f_type</c> magic of the file system holding <paramref name="fd"/>; 0 when unknown.</summary>
    public static unsafe long FileSystemType(int fd)
    {
        // struct statfs is 120 bytes on x64 and arm64; f_type is its first field, 64 bits wide on both.
        // A plain pointer: the native compiler failed to generate this method with a ref-to-stackalloc argument.
        var buffer = stackalloc long[32];
        return StatFsNative(fd, buffer) == 0 ? buffer[0] : 0;
    }

    [DllImport("libc", EntryPoint = "openat", SetLastError = true)]
    private static extern int OpenAtNative(int directory, ref byte path, int flags);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    private static extern nint ReadNative(int fd, ref byte buffer, nint count);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static extern int PollNative(ref PollRequest request, nuint count, int timeoutMilliseconds);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int StatxNative(int directory, ref byte path, int flags, uint mask, ref byte buffer);

    [DllImport("libc", EntryPoint = "fdopendir", SetLastError = true)]
    private static extern nint FdOpenDirNative(int fd);

    [DllImport("libc", EntryPoint = "readdir", SetLastError = true)]
    private static extern nint ReadDirNative(nint dir);

    [DllImport("libc", EntryPoint = "closedir")]
    private static extern int CloseDirNative(nint dir);

    [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
    private static extern nint RealPathNative(ref byte path, nint resolved);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int CloseNative(int fd);

    [DllImport("libc", EntryPoint = "fstatfs")]
    private static extern unsafe int StatFsNative(int fd, long* buffer);
}
