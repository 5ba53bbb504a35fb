using System.Buffers;
using Doomsday.Core.Inventory;
using Microsoft.Win32.SafeHandles;

namespace Doomsday.Core.Sources.Files;

/// <summary>
/// Reads a whole file with a size limit, turning I/O failures into reason codes. Never blocks on what is
/// not a regular file: every file is opened non-blocking (a FIFO without a writer reads as empty instead of
/// hanging in open), and a pipe, terminal or device with nothing to read is waited on for at most the read
/// timeout (<see cref="ScanOptions.ReadTimeout"/>), then reported <c>timeout</c>. Every reader of outside
/// files goes through here: walked and named files, kubeconfigs and the files they name, manifests, configs,
/// probe TLS files and tokens.
/// </summary>
public static class FileReader
{
    private const int FirstBufferSize = 16 * 1024;

    /// <summary>How long a pipe or a device may keep a read waiting when the caller does not say.</summary>
    public static readonly TimeSpan DefaultReadTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Like <see cref="TryRead(string, long, out byte[], out string?, out string?, TimeSpan?)"/>, but the content may
    /// sit in a buffer rented from <see cref="ArrayPool{T}.Shared"/> (<paramref name="rented"/>): the caller gives it
    /// back with <see cref="Return"/>. Small files cost open, read, read (end of file), close: no stat.
    /// </summary>
    internal static bool TryReadPooled(string path, long maxSize, out byte[] buffer, out int length, out bool rented, out string? reason, out string? message, TimeSpan? readTimeout = null) =>
        TryReadPooled(path, maxSize, null, false, out buffer, out length, out rented, out reason, out message, readTimeout);

    /// <param name="directory">The file's own directory, opened: the file is opened relative to it.</param>
    /// <param name="shortReadIsEnd">
    /// A short read ends the file (the directory is on a local file system and the file is not a
    /// symlink, which could lead elsewhere): saves the read that would return 0.
    /// </param>
    internal static bool TryReadPooled(string path, long maxSize, DirectoryHandle? directory, bool shortReadIsEnd, out byte[] buffer, out int length, out bool rented, out string? reason, out string? message, TimeSpan? readTimeout = null)
    {
        if (NativeFile.IsAvailable)
        {
            var outcome = TryReadNative(path, maxSize, directory, shortReadIsEnd, readTimeout ?? DefaultReadTimeout, out buffer, out length, out reason, out message);
            if (outcome != Native.Unavailable)
            {
                rented = outcome == Native.Read;
                return rented;
            }
        }
        // Without libc (or when the native open failed, to word the error as the platform does: the open failed,
        // so opening again cannot block either).
        rented = false;
        var ok = TryReadManaged(path, maxSize, out buffer, out reason, out message);
        length = buffer.Length;
        return ok;
    }

    /// <summary>Clears what was read (it may be key material) and gives the buffer back.</summary>
    internal static void Return(byte[] buffer, int length)
    {
        buffer.AsSpan(0, length).Clear();
        ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>The whole file in an array of its own (see the class summary for what is never waited on).</summary>
    public static bool TryRead(string path, long maxSize, out byte[] content, out string? reason, out string? message, TimeSpan? readTimeout = null)
    {
        if (!TryReadPooled(path, maxSize, out var buffer, out var length, out var rented, out reason, out message, readTimeout))
        {
            content = [];
            return false;
        }
        if (!rented)
        {
            content = buffer;
            return true;
        }
        content = buffer.AsSpan(0, length).ToArray();
        Return(buffer, length);
        return true;
    }

    private enum Native { Read, Failed, Unavailable }

    private static Native TryReadNative(string path, long maxSize, DirectoryHandle? directory, bool shortReadIsEnd, TimeSpan readTimeout,
        out byte[] buffer, out int length, out string? reason, out string? message)
    {
        buffer = [];
        length = 0;
        reason = message = null;
        var nameStart = directory?.NameStart(path) ?? -1;
        var relative = nameStart >= 0 ? path.AsSpan(nameStart) : path;
        var nameLength = NativeFile.PathBytes(relative.Length);
        Span<byte> name = nameLength <= 1024 ? stackalloc byte[nameLength] : new byte[nameLength];
        if (!NativeFile.TryWritePath(relative, name, out _)) return Native.Unavailable;
        var fd = nameStart >= 0 ? NativeFile.OpenAt(directory!.Fd, name) : NativeFile.Open(name);
        if (fd < 0) return Native.Unavailable;
        shortReadIsEnd &= nameStart >= 0;
        var data = ArrayPool<byte>.Shared.Rent(FirstBufferSize);
        var read = 0;
        var waitUntil = Environment.TickCount64 + (long)Math.Min(readTimeout.TotalMilliseconds, int.MaxValue);
        var sized = false;
        try
        {
            while (true)
            {
                if (read == data.Length)
                {
                    // Past the first buffer: size the next one from the file's length once (no doubling and copying
                    // for a large file), never over what an array can hold.
                    var next = NextBufferSize(fd, data.Length, maxSize, ref sized, out var fileLength);
                    if (next <= data.Length)
                    {
                        Return(data, read);
                        (reason, message) = TooLarge(fileLength, maxSize);
                        return Native.Failed;
                    }
                    var larger = ArrayPool<byte>.Shared.Rent(next);
                    data.AsSpan(0, read).CopyTo(larger);
                    Return(data, read);
                    data = larger;
                }
                // Never more than one byte over the limit: enough to know the file is too large.
                var room = maxSize - read;
                var want = room >= data.Length - read ? data.Length - read : (int)room + 1;
                var n = NativeFile.Read(fd, data.AsSpan(read, want), out var error);
                if (n == 0) break;
                if (n < 0 && error == NativeFile.WouldBlock)
                {
                    // A pipe, terminal or socket with nothing to read yet: wait for data or the writer's end, within the deadline.
                    if (NativeFile.WaitReadable(fd, TimeSpan.FromMilliseconds(Math.Max(0, waitUntil - Environment.TickCount64)))) continue;
                    Return(data, read);
                    (reason, message) = (ReasonCodes.Timeout, $"nothing more to read after {Seconds(readTimeout)} (a pipe or device that does not end); {read} bytes read");
                    return Native.Failed;
                }
                if (n < 0)
                {
                    Return(data, read);
                    // A regular file or directory: the managed path words the error as before. Anything else could
                    // block that path's open, so it is reported here.
                    if (NativeFile.IsSpecial(fd) == true)
                    {
                        (reason, message) = (ReasonCodes.ReadFailed, System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(error));
                        return Native.Failed;
                    }
                    return Native.Unavailable;
                }
                if (read + (long)n > maxSize)
                {
                    Return(data, read + n);
                    (reason, message) = TooLarge(Length(fd), maxSize);
                    return Native.Failed;
                }
                read += n;
                // On a local file system read(2) of a regular file is short only at end of file.
                if (shortReadIsEnd && n < want) break;
            }
        }
        finally
        {
            NativeFile.Close(fd);
        }
        buffer = data;
        length = read;
        return Native.Read;
    }

    /// <summary>
    /// The size of the buffer after one of <paramref name="current"/> bytes filled up: the file's length plus one
    /// (to see its end) the first time, doubling after that (a file that grows, a device); at most
    /// <see cref="Array.MaxLength"/>. Not larger than <paramref name="current"/> when nothing more can be held.
    /// </summary>
    private static int NextBufferSize(int fd, int current, long maxSize, ref bool sized, out long fileLength)
    {
        fileLength = Length(fd);
        var limit = Math.Min(maxSize + 1, Array.MaxLength);
        if (!sized)
        {
            sized = true;
            if (fileLength > limit - 1) return current; // over the limit, or over what an array holds
            if (fileLength >= current) return (int)Math.Min(fileLength + 1, limit);
        }
        return (int)Math.Min((long)current * 2, limit);
    }

    private static long Length(int fd)
    {
        try
        {
            using var handle = new SafeFileHandle(fd, ownsHandle: false);
            return RandomAccess.GetLength(handle);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    /// <summary>
    /// The <c>too_large</c> message: the file's size when it is known to be over the limit, else what was read of
    /// a device or pipe without an end. Sizes past <see cref="Array.MaxLength"/> name that bound too.
    /// </summary>
    private static (string, string) TooLarge(long fileLength, long maxSize)
    {
        if (fileLength > maxSize) return (ReasonCodes.TooLarge, $"file is {fileLength} bytes, over the {maxSize}-byte limit (--max-file-size)");
        if (fileLength > Array.MaxLength) return (ReasonCodes.TooLarge, $"file is {fileLength} bytes, over the {Array.MaxLength} bytes one file may have (about 2 GiB)");
        return (ReasonCodes.TooLarge, $"over {Math.Min(maxSize, Array.MaxLength)} bytes read without reaching the end (a device or a pipe); the limit is {maxSize} bytes (--max-file-size)");
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds >= 1 ? $"{t.TotalSeconds:0.#}s" : $"{t.TotalMilliseconds:0}ms";

    /// <summary>The platform's file API: where libc cannot be called, and to word the errors of a failed open.</summary>
    private static bool TryReadManaged(string path, long maxSize, out byte[] content, out string? reason, out string? message)
    {
        content = [];
        try
        {
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.None);
            var length = RandomAccess.GetLength(handle);
            if (length > maxSize || length > Array.MaxLength)
            {
                (reason, message) = TooLarge(length, maxSize);
                return false;
            }
            var buffer = new byte[length];
            var read = 0;
            while (read < length)
            {
                var n = RandomAccess.Read(handle, buffer.AsSpan(read), read);
                if (n == 0) break;
                read += n;
            }
            content = read == length ? buffer : buffer[..read];
            reason = message = null;
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            reason = ReasonCodes.PermissionDenied;
            message = "permission denied";
        }
        catch (FileNotFoundException)
        {
            reason = ReasonCodes.NotFound;
            message = "no such file";
        }
        catch (DirectoryNotFoundException)
        {
            reason = ReasonCodes.NotFound;
            message = "no such file or directory";
        }
        catch (IOException e)
        {
            reason = ReasonCodes.ReadFailed;
            message = e.Message;
        }
        return false;
    }
}
