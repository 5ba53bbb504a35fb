using System.Globalization;

namespace Doomsday.Cli.Tests.Commands.Watch;

/// <summary>
/// The standard process metrics of a real <c>doomsday watch</c> process (started with <c>ulimit -n</c>), held
/// against what the test reads itself from that process' <c>/proc/PID</c> files between two scrapes.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class WatchProcessMetricsTests
{
    private const int FileLimit = 2000;

    [Fact]
    public async Task Watch_Metrics_ProcessFamiliesMatchTheProcessOwnProcFiles()
    {
        using var dir = new TempDir();
        var listen = TcpPorts.Free();
        var config = dir.File("doomsday.yaml", WatchProcess.Config(listen, dir.Combine("doomsday.db"), webhook: null));
        var before = DateTimeOffset.UtcNow;
        using var daemon = WatchProcess.StartWithFileLimit(config, listen, FileLimit);
        var listening = DateTimeOffset.UtcNow;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{listen}") };

        var first = await http.GetStringAsync("/metrics");
        var (utime, stime) = CpuTicks(daemon.Pid);
        var openFiles = WatchProcess.OpenFiles(daemon.Pid);
        var vmRssBytes = StatusKilobytes(daemon.Pid, "VmRSS") * 1024;
        var second = await http.GetStringAsync("/metrics");

        double Value(string text, string name) => Assert.Single(PrometheusText.Samples(text), s => s.Name == name).Value;
        var cpuFirst = Value(first, "process_cpu_seconds_total");
        var cpuSecond = Value(second, "process_cpu_seconds_total");
        var cpuSeen = (utime + stime) / 100.0; // USER_HZ
        Assert.True(cpuFirst > 0 && cpuFirst <= cpuSeen && cpuSeen <= cpuSecond, $"scrape {cpuFirst}, /proc {cpuSeen}, scrape {cpuSecond}");
        Assert.Equal(FileLimit, Value(second, "process_max_fds"));
        Assert.Equal(AddressSpaceLimit(daemon.Pid), Value(second, "process_virtual_memory_max_bytes"));
        var openFds = Value(second, "process_open_fds");
        Assert.True(Math.Abs(openFds - openFiles) <= 10, $"process_open_fds {openFds}, /proc/{daemon.Pid}/fd has {openFiles} entries");
        var rss = Value(second, "process_resident_memory_bytes");
        Assert.True(rss >= vmRssBytes / 2 && rss <= vmRssBytes * 2, $"process_resident_memory_bytes {rss}, VmRSS {vmRssBytes} bytes");
        Assert.True(Value(second, "process_virtual_memory_bytes") >= rss);
        // btime is whole seconds and starttime is in ticks of 10 ms: the start is known to about a second.
        var start = DateTimeOffset.FromUnixTimeMilliseconds((long)(Value(second, "process_start_time_seconds") * 1000));
        Assert.InRange(start, before.AddSeconds(-2), listening.AddSeconds(2));
        var (code, output) = Promtool.CheckMetrics(second);
        Assert.True(code == 0, output);
    }

    private static (long User, long System) CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(f[11], CultureInfo.InvariantCulture), long.Parse(f[12], CultureInfo.InvariantCulture));
    }

    private static long StatusKilobytes(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>The soft "Max address space" as a double, "unlimited" being 2^64 - 1 (RLIM_INFINITY).</summary>
    private static double AddressSpaceLimit(int pid)
    {
        var soft = File.ReadLines($"/proc/{pid}/limits").Single(l => l.StartsWith("Max address space", StringComparison.Ordinal))[26..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return soft == "unlimited" ? ulong.MaxValue : double.Parse(soft, CultureInfo.InvariantCulture);
    }
}
