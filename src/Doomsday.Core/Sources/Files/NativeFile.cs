using System.Runtime.InteropServices;

namespace Doomsday.Core.Sources.Files;

/// <summary>
/// open/read/close straight from libc, for the scan's hot path. <c>File.OpenHandle</c> costs an
/// extra <c>fstat</c> per file (it refuses directories) and <c>RandomAccess.GetLength</c> another;
/// reading until end of file needs neither. Callers fall back to the managed API on any failure,
/// so errors are reported exactly as before.
/// </summary>
internal static class NativeFile
{
    private const int ReadOnly = 0;
    private const int CloseOnExec = 0x80000; // Linux value, same on x64 and arm64
    private const int Interrupted = 4; // EINTR

    private static bool _unavailable = !OperatingSystem.IsLinux();

    public static bool IsAvailable => !Volatile.Read(ref _unavailable);

    /// <summary>Opens <paramref name="path"/> (NUL-terminated UTF-8) read-only; -1 on any error.</summary>
    public static int Open(ReadOnlySpan<byte> path)
    {
        try
        {
            return OpenNative(ref MemoryMarshal.GetReference(path), ReadOnly | CloseOnExec);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            Volatile.Write(ref _unavailable, true);
            return -1;
        }
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

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int OpenNative(ref byte path, int flags);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    private static extern nint ReadNative(int fd, ref byte buffer, nint count);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int CloseNative(int fd);
}
