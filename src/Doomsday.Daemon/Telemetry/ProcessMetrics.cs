using System.Text;
using Doomsday.Daemon.Files;
using Doomsday.Core.Reporting;
using N = Doomsday.Daemon.Telemetry.ProcessMetricNames;

namespace Doomsday.Daemon.Telemetry;

/// <summary>
/// Prometheus' standard process metrics of the daemon, read from <c>/proc</c> at scrape time (no thread, no
/// <c>System.Diagnostics.Process</c>), as client_golang's process collector (process_collector_procfsenabled.go)
/// reads them: the CPU, memory and start time from <c>stat</c>, descriptors from <c>fd</c>, limits from
/// <c>limits</c>. A file that cannot be read or parsed (another OS, a hardened <c>/proc</c>) leaves its families
/// out of that scrape; a scrape never fails because of them.
/// </summary>
/// <param name="self">The process' directory, <c>/proc/self</c> (another for tests).</param>
/// <param name="systemStat">The system's <c>/proc/stat</c>, for the boot time.</param>
internal sealed class ProcessMetrics(string self = "/proc/self", string systemStat = "/proc/stat")
{
    /// <summary>USER_HZ, the unit of the times in <c>/proc/[pid]/stat</c>: 100 on every Linux ABI (times(2)); procfs assumes 100 too.</summary>
    private const double TicksPerSecond = 100;

    // The start time never changes: computed at the first scrape that can, so /proc/stat (long on many-CPU nodes) is read once.
    // NaN until known; a double is read and written whole, a double? is not (concurrent scrapes).
    private double _startTime = double.NaN;

    // Only procfs gives a directory's size as its entry count (procfs' FS.isReal, its default mount point /proc).
    private readonly bool _realProc = self.StartsWith("/proc/", StringComparison.Ordinal);

    /// <summary>Writes the families it could read; <paramref name="extra"/> (the global labels) goes on every series.</summary>
    public void WriteTo(StringBuilder sb, ExtraLabels? extra = null)
    {
        if (!OperatingSystem.IsLinux()) return; // the formats and USER_HZ below are Linux's
        var l = Exposition.Labels([], extra);
        void One(string name, string type, string help, double value) => DaemonMetrics.Family(sb, name, type, help, [(l, value)]);

        if (Read("stat") is { } statText && ProcStat.Parse(statText) is { } stat)
        {
            One(N.CpuSecondsTotal, Exposition.Counter, "Total user and system CPU time spent in seconds.", (stat.UserTicks + stat.SystemTicks) / TicksPerSecond);
            One(N.VirtualMemoryBytes, Exposition.Gauge, "Virtual memory size in bytes.", stat.VirtualBytes);
            One(N.ResidentMemoryBytes, Exposition.Gauge, "Resident memory size in bytes.", (double)stat.ResidentPages * Environment.SystemPageSize);
            if (StartTime(stat) is { } start)
                One(N.StartTimeSeconds, Exposition.Gauge, "Start time of the process since unix epoch in seconds.", start);
        }
        if (OpenFiles() is { } open)
            One(N.OpenFds, Exposition.Gauge, "Number of open file descriptors.", open);
        if (Read("limits") is { } limits)
        {
            // Both or neither, as client_golang, which takes both from one parse of the file.
            if (ProcText.SoftLimit(limits, "Max open files") is { } files && ProcText.SoftLimit(limits, "Max address space") is { } space)
            {
                One(N.MaxFds, Exposition.Gauge, "Maximum number of open file descriptors.", files);
                One(N.VirtualMemoryMaxBytes, Exposition.Gauge, "Maximum amount of virtual memory available in bytes.", space);
            }
        }
    }

    private double? StartTime(ProcStat stat)
    {
        var known = Volatile.Read(ref _startTime);
        if (!double.IsNaN(known)) return known;
        if (ReadFile(systemStat) is not { } text || ProcText.BootTime(text) is not { } boot) return null;
        var start = boot + stat.StartTicks / TicksPerSecond;
        Volatile.Write(ref _startTime, start);
        return start;
    }

    /// <summary>
    /// Entries of <c>fd</c>. On the real <c>/proc</c> of Linux ≥ 6.2 the directory's size is that count (one
    /// stat, as client_golang's procfs reads it first); listing the directory instead stats every entry (about
    /// 1.5 ms for 200 descriptors on the benchmark machine) and counts the descriptor the listing holds.
    /// </summary>
    private int? OpenFiles()
    {
        var fd = Path.Combine(self, "fd");
        if (_realProc && FileStamp.Of(fd) is { Exists: true, Length: > 0 } stamp) return (int)stamp.Length;
        try
        {
            return Directory.EnumerateFileSystemEntries(fd).Count();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private string? Read(string name) => ReadFile(Path.Combine(self, name));

    private static string? ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
