using System.Buffers;
using Doomsday.Core.Inventory;
using Microsoft.Win32.SafeHandles;

namespace Doomsday.Core.Sources.Files;

/// <summary>Reads a whole file with a size limit, turning I/O failures into reason codes.</summary>
public static class FileReader
{
    private const int FirstBufferSize = 16 * 1024;

    /// <summary>
    /// Like <see cref="TryRead"/>, but the content may sit in a buffer rented from
    /// <see cref="ArrayPool{T}.Shared"/> (<paramref name="rented"/>): the caller gives it back with
    /// <see cref="Return"/>. Small files cost open, read, read (end of file), close: no stat. Any
    /// failure, and any file over the limit, goes through <see cref="TryRead"/> so that reasons and
    /// messages stay the same.
    /// </summary>
    internal static bool TryReadPooled(string path, long maxSize, out byte[] buffer, out int length, out bool rented, out string? reason, out string? message) =>
        TryReadPooled(path, maxSize, null, false, out buffer, out length, out rented, out reason, out message);

    /// <param name="directory">The file's own directory, opened: the file is opened relative to it.</param>
    /// <param name="shortReadIsEnd">
    /// A short read ends the file (the directory is on a local file system and the file is not a
    /// symlink, which could lead elsewhere): saves the read that would return 0.
    /// </param>
    internal static bool TryReadPooled(string path, long maxSize, DirectoryHandle? directory, bool shortReadIsEnd, out byte[] buffer, out int length, out bool rented, out string? reason, out string? message)
    {
        if (NativeFile.IsAvailable && TryReadNative(path, maxSize, directory, shortReadIsEnd, out buffer, out length))
        {
            rented = true;
            reason = message = null;
            return true;
        }
        rented = false;
        var ok = TryRead(path, maxSize, out buffer, out reason, out message);
        length = buffer.Length;
        return ok;
    }

    /// <summary>Clears what was read (it may be key material) and gives the buffer back.</summary>
    internal static void Return(byte[] buffer, int length)
    {
        buffer.AsSpan(0, length).Clear();
        ArrayPool<byte>.Shared.Return(buffer);
    }

    private static bool TryReadNative(string path, long maxSize, DirectoryHandle? directory, bool shortReadIsEnd, out byte[] buffer, out int length)
    {
        buffer = [];
        length = 0;
        var nameStart = directory?.NameStart(path) ?? -1;
        var relative = nameStart >= 0 ? path.AsSpan(nameStart) : path;
        var nameLength = NativeFile.PathBytes(relative.Length);
        Span<byte> name = nameLength <= 1024 ? stackalloc byte[nameLength] : new byte[nameLength];
        if (!NativeFile.TryWritePath(relative, name, out _)) return false;
        var fd = nameStart >= 0 ? NativeFile.OpenAt(directory!.Fd, name) : NativeFile.Open(name);
        if (fd < 0) return false;
        shortReadIsEnd &= nameStart >= 0;
        var data = ArrayPool<byte>.Shared.Rent(FirstBufferSize);
        var read = 0;
        try
        {
            while (true)
            {
                if (read == data.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(data.Length * 2);
                    data.AsSpan(0, read).CopyTo(larger);
                    Return(data, read);
                    data = larger;
                }
                // Never more than one byte over the limit: enough to know the file is too large.
                var room = maxSize - read;
                var want = room >= data.Length - read ? data.Length - read : (int)room + 1;
                var n = NativeFile.Read(fd, data.AsSpan(read, want));
                if (n == 0) break;
                if (n < 0 || read + n > maxSize)
                {
                    Return(data, read + Math.Max(n, 0));
                    return false;
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
        return true;
    }

    public static bool TryRead(string path, long maxSize, out byte[] content, out string? reason, out string? message)
    {
        content = [];
        try
        {
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.None);
            var length = RandomAccess.GetLength(handle);
            if (length > maxSize)
            {
                reason = ReasonCodes.TooLarge;
                message = $"file is {length} bytes, over the {maxSize}-byte limit (--max-file-size)";
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
