using System.Globalization;
using System.Text;

namespace Doomsday.Core.Renewal;

/// <summary>
/// Keeps two renewals of one node from running at once: an exclusive <c>flock(2)</c> on
/// <c>ROOT/.doomsday-renew.lock</c> (.NET opens a file with <see cref="FileShare.None"/> under an
/// exclusive, non-blocking <c>flock</c> on Unix, so <c>flock -n ROOT/.doomsday-renew.lock true</c> sees it
/// held too). The kernel drops the lock when the process dies, so a killed renewal never leaves a stale
/// lock behind; the file itself is left in place (deleting it would let a third process lock a new
/// inode while a second still holds the old one). The holder's PID and start time go into the
/// neighbouring <c>.doomsday-renew.owner</c> for the message a refused renewal prints (the lock file
/// itself cannot be read by others while it is held: .NET takes a shared flock to read).
/// </summary>
public sealed class RenewalLock : IDisposable
{
    public const string FileName = ".doomsday-renew.lock";
    public const string OwnerFileName = ".doomsday-renew.owner";

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
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            stream = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            refusal = $"another renewal holds {path} ({Holder(kubeadmRoot)}): wait for it to finish; two renewals at once would restart components under each other";
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            refusal = $"cannot open the lock file {path}: {e.Message} (renew needs write access to the kubeadm directory: run it as root)";
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
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            holder = Holder(kubeadmRoot);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false; // the renewal itself will say it cannot open the file
        }
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
}
