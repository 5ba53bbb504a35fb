using System.Runtime.InteropServices;

namespace Doomsday.Cli.Hosting;

/// <summary>
/// Raises the soft limit of open descriptors (<c>RLIMIT_NOFILE</c>) to the hard limit at start. A JIT-run .NET
/// program gets this from its runtime (CoreCLR's PAL does it before <c>Main</c>) and a Go program from Go's
/// runtime (1.19 on); the NativeAOT runtime does not, so the native <c>doomsday watch</c> started by systemd
/// (soft limit 1,024 unless the unit says otherwise) or a shell kept 1,024 descriptors, while 1,000 probes in
/// flight, the API's connections and the store can need more (the daemon's flood test peaked at 805 under load).
/// Raising a soft limit up to the hard one needs no privilege; the hard limit stays what the system set.
/// Linux only; a failure leaves the limit as it was (nothing to report: the limit then is the system's choice).
/// </summary>
internal static class OpenFileLimit
{
    private const int RlimitNofile = 7; // Linux, every architecture .NET runs on

    /// <summary>The soft limit before and after (equal when there was nothing to raise), or null where it could not be read.</summary>
    public static (ulong Before, ulong After)? Raise()
    {
        if (!OperatingSystem.IsLinux()) return null;
        var limit = new Rlimit();
        if (getrlimit(RlimitNofile, ref limit) != 0) return null;
        var before = limit.Current;
        if (limit.Current >= limit.Maximum) return (before, before);
        limit.Current = limit.Maximum;
        return setrlimit(RlimitNofile, ref limit) == 0 ? (before, limit.Current) : (before, before);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Rlimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, ref Rlimit limit);

    [DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, ref Rlimit limit);
}
