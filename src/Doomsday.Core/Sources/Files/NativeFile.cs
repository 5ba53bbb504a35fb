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
    /// counts the NUL. False for a path with a NUL in it (no file can have that name).
    /// </summary>
    public static bool TryWritePath(ReadOnlySpan<char> path, Span<byte> target, out int length)
    {
        var written = Encoding.UTF8.GetBytes(path, target);
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

    [DllImport("libc", EntryPoint = "close")]
    private static extern int CloseNative(int fd);

    [DllImport("libc", EntryPoint = "fstatfs")]
    private static extern unsafe int StatFsNative(int fd, long* buffer);
}
