using Doomsday.Core.Inventory;
using Microsoft.Win32.SafeHandles;

namespace Doomsday.Core.Sources.Files;

/// <summary>Reads a whole file with a size limit, turning I/O failures into reason codes.</summary>
public static class FileReader
{
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
