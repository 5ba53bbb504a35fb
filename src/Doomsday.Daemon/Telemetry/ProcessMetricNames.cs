namespace Doomsday.Daemon.Telemetry;

/// <summary>
/// Prometheus' standard process metrics (prometheus.io "Writing client libraries", "Process metrics"), with the
/// names, types and HELP texts of client_golang's process collector (prometheus/process_collector.go), so the
/// dashboards and alerts written for Go exporters read <c>doomsday watch</c> unchanged. Public contract:
/// docs/metrics.md, "The daemon's own metrics". client_golang's <c>process_network_*_bytes_total</c> are left
/// out on purpose: they come from <c>/proc/self/net/netstat</c>, which counts the whole network namespace
/// (the node's traffic for the node agent, which runs with <c>hostNetwork</c>), not the process.
/// </summary>
public static class ProcessMetricNames
{
    /// <summary>Counter: user + system CPU seconds (<c>/proc/self/stat</c> utime + stime).</summary>
    public const string CpuSecondsTotal = "process_cpu_seconds_total";
    /// <summary>Gauge: entries in <c>/proc/self/fd</c>.</summary>
    public const string OpenFds = "process_open_fds";
    /// <summary>Gauge: the soft limit of open files (<c>/proc/self/limits</c>, "Max open files").</summary>
    public const string MaxFds = "process_max_fds";
    /// <summary>Gauge: virtual memory size in bytes (<c>/proc/self/stat</c> vsize).</summary>
    public const string VirtualMemoryBytes = "process_virtual_memory_bytes";
    /// <summary>Gauge: the soft limit of address space (<c>/proc/self/limits</c>, "Max address space"); unlimited = 2^64 - 1, as client_golang.</summary>
    public const string VirtualMemoryMaxBytes = "process_virtual_memory_max_bytes";
    /// <summary>Gauge: resident set size in bytes (<c>/proc/self/stat</c> rss × page size).</summary>
    public const string ResidentMemoryBytes = "process_resident_memory_bytes";
    /// <summary>Gauge: Unix time the process started (<c>/proc/stat</c> btime + <c>/proc/self/stat</c> starttime).</summary>
    public const string StartTimeSeconds = "process_start_time_seconds";

    public static readonly IReadOnlyList<string> All =
        [CpuSecondsTotal, OpenFds, MaxFds, VirtualMemoryBytes, VirtualMemoryMaxBytes, ResidentMemoryBytes, StartTimeSeconds];
}
