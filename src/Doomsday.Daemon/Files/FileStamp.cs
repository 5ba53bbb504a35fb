using System.Runtime.InteropServices;

namespace Doomsday.Daemon.Files;

/// <summary>
/// Which file a path names now (device and inode) and which version of it (size, modification time), from one
/// <c>stat(2)</c> (symbolic links followed). Two stamps that differ mean the file was written, replaced (a new
/// inode: <c>mv new cfg</c>, a store file deleted and created again) or removed in between. On Linux the four
/// fields sit at the same offsets of <c>struct stat</c> on x86-64 and arm64 (glibc and musl); elsewhere, or if
/// the call is unavailable, device and inode are 0 and size and time come from <see cref="FileInfo"/>.
/// </summary>
public readonly record struct FileStamp(bool Exists, ulong Device, ulong Inode, long Length, long ModifiedNs)
{
    public static readonly FileStamp Missing = new(false, 0, 0, 0, 0);

    public static FileStamp Of(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var buffer = new byte[256];
                if (stat(path, buffer) != 0) return Missing;
                var seconds = BitConverter.ToInt64(buffer, 88);
                var nanoseconds = BitConverter.ToInt64(buffer, 96);
                return new FileStamp(true, BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8), BitConverter.ToInt64(buffer, 48),
                    seconds * 1_000_000_000 + nanoseconds);
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                // an old libc without a stat symbol: fall back below
            }
        }
        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(true, 0, 0, info.Length, info.LastWriteTimeUtc.Ticks * 100) : Missing;
    }

    /// <summary>The same file (device and inode), whatever its content: false once it was deleted or replaced.</summary>
    public bool SameFile(FileStamp other) => Exists && other.Exists && Device == other.Device && Inode == other.Inode;

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
}
