using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Doomsday.Watch.Renewal;

/// <summary>
/// Keeps two renewals of one node from running at once: <c>flock(LOCK_EX|LOCK_NB)</c> on
/// <c>ROOT/.doomsday-renew.lock</c>, called directly (the doomsday executable turns .NET's own file
/// locking off, so <see cref="FileShare.None"/> would lock nothing; the file is opened with open(2) so .NET's own lock never gets in the way), so <c>flock -n ROOT/.doomsday-renew.lock true</c>
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
    private const int OpenReadOnly = 0; // O_RDONLY, O_RDWR, O_CREAT, O_CLOEXEC: Linux's values (asm-generic/fcntl.h)
    private const int OpenReadWrite = 2;
    private const int OpenCreate = 0x40;
    private const int OpenCloseOnExec = 0x80000;

    private readonly SafeFileHandle _handle;

    private RenewalLock(string path, SafeFileHandle handle)
    {
        Path = path;
        _handle = handle;
    }

    public string Path { get; }

    /// <returns>The held lock, or null with <paramref name="refusal"/> saying who holds it (or why the file cannot be opened).</returns>
    public static RenewalLock? TryAcquire(string kubeadmRoot, DateTimeOffset now, out string? refusal)
    {
        var path = System.IO.Path.Combine(kubeadmRoot, FileName);
        SafeFileHandle handle;
        try
        {
            handle = OpenLockFile(path, create: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            refusal = $"cannot open the lock file {path}: {e.Message} (renew needs write access to the kubeadm directory: run it as root)";
            return null;
        }
        if (!TryLock(handle, out var errno))
        {
            handle.Dispose();
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
        return new RenewalLock(path, handle);
    }

    /// <summary>Whether another process holds the lock, without creating the file (a dry run writes nothing).</summary>
    public static bool IsHeld(string kubeadmRoot, out string? holder)
    {
        var path = System.IO.Path.Combine(kubeadmRoot, FileName);
        holder = null;
        if (!File.Exists(path)) return false;
        try
        {
            using var probe = OpenLockFile(path, create: false);
            if (TryLock(probe, out var errno) || errno != WouldBlock) return false; // closing the descriptor releases a lock taken here
            holder = Holder(kubeadmRoot);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // the renewal itself will say it cannot open the file
        }
    }

    /// <summary>
    /// The lock file's descriptor from open(2) itself: a FileStream would take .NET's own advisory lock
    /// (flock LOCK_SH) unless the host turns file locking off, and so fail to open a file another renewal
    /// holds instead of letting <see cref="TryLock"/> say who holds it.
    /// </summary>
    private static SafeFileHandle OpenLockFile(string path, bool create)
    {
        if (OperatingSystem.IsWindows())
        {
            return File.OpenHandle(path, create ? FileMode.OpenOrCreate : FileMode.Open, create ? FileAccess.ReadWrite : FileAccess.Read, FileShare.ReadWrite);
        }
        var fd = Open(path, (create ? OpenReadWrite | OpenCreate : OpenReadOnly) | OpenCloseOnExec, 0b110_000_000);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            var message = $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
            throw errno is 1 or 13 ? new UnauthorizedAccessException(message) : new IOException(message); // EPERM, EACCES
        }
        return new SafeFileHandle(fd, ownsHandle: true);
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

    public void Dispose() => _handle.Dispose();

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(SafeFileHandle fd, int operation);
}
