using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Doomsday.Core.Renewal;

/// <summary>
/// Keeps two renewals of one node from running at once: <c>flock(LOCK_EX|LOCK_NB)</c> on
/// <c>ROOT/.doomsday-renew.lock</c>, called directly (the doomsday executable turns .NET's own file
/// locking off, so <see cref="FileShare.None"/> would lock nothing), so <c>flock -n ROOT/.doomsday-renew.lock true</c>
/// sees it held too. The kernel drops the lock when the process dies, so a killed renewal never leaves a
/// stale lock behind; the file itself is left in place (deleting it would let a third process lock a new
/// inode while a second still holds the old one). The holder's PID and start time go into the
/// neighbouring <c>.doomsday-renew.owner</c> for the message a refused renewal prints.
/// </summary>
public sealed partial class RenewalLock : IDisposable
{
    public const string FileName = ".doomsday-renew.lock";
    public const string OwnerFileName = ".doomsday-renew.owner";

    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int WouldBlock = 11; // EWOULDBLOCK = EAGAIN on Linux

    private readonly FileStream _stream;

    private RenewalLock(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    public string Path { get; }

    /// <returns>The held lock, or null with <paramref name="refusal"/> saying who holds it (or why the file cannot be opened).</returns>
    public static RenewalLock? TryAcquire(string kubeadmRoot, DateTimeOffset now, out string? refusal)
    {
        var path = System.IO.Path.Combine(kubeadmRoot, FileName);
        FileStream stream;
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.ReadWrite };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            stream = new FileStream(path, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            refusal = $"cannot open the lock file {path}: {e.Message} (renew needs write access to the kubeadm directory: run it as root)";
            return null;
        }
        if (!TryLock(stream.SafeFileHandle, out var errno))
        {
            stream.Dispose();
            refusal = errno == WouldBlock
                ? $"another renewal holds {path} ({Holder(kubeadmRoot)}): wait for it to finish; two renewals at once would restart components under each other"
                : $"cannot lock {path} (errno {errno})";
            return null;
        }
        try
        {
            File.WriteAllText(System.IO.Path.Combine(kubeadmRoot, OwnerFileName),
                string.Create(CultureInfo.InvariantCulture, $"pid {Environment.ProcessId} since {now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\n"), Encoding.ASCII);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the owner note only improves the message a refused renewal prints
        }
        refusal = null;
        return new RenewalLock(path, stream);
    }

    /// <summary>Whether another process holds the lock, without creating the file (a dry run writes nothing).</summary>
    public static bool IsHeld(string kubeadmRoot, out string? holder)
    {
        var path = System.IO.Path.Combine(kubeadmRoot, FileName);
        holder = null;
        if (!File.Exists(path)) return false;
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (TryLock(probe.SafeFileHandle, out var errno) || errno != WouldBlock) return false; // closing the descriptor releases a lock taken here
            holder = Holder(kubeadmRoot);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // the renewal itself will say it cannot open the file
        }
    }

    private static bool TryLock(SafeFileHandle handle, out int errno)
    {
        if (OperatingSystem.IsWindows())
        {
            errno = 0;
            return true;
        }
        var ok = Flock(handle, LockExclusive | LockNonBlocking) == 0;
        errno = ok ? 0 : Marshal.GetLastPInvokeError();
        return ok;
    }

    private static string Holder(string kubeadmRoot)
    {
        try
        {
            var text = File.ReadAllText(System.IO.Path.Combine(kubeadmRoot, OwnerFileName), Encoding.ASCII).Trim();
            return text.Length is > 0 and < 200 ? text : "holder unknown";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "holder unknown";
        }
    }

    public void Dispose() => _stream.Dispose();

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(SafeFileHandle fd, int operation);
}
