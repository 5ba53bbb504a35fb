using System.Globalization;

namespace Doomsday.Daemon.Telemetry;

/// <summary><c>/proc/[pid]/limits</c> and <c>/proc/stat</c>, the two other files the process metrics read.</summary>
internal static class ProcText
{
    /// <summary>RLIM_INFINITY, what "unlimited" stands for; client_golang's procfs reports it as this number too.</summary>
    public const ulong Unlimited = ulong.MaxValue;

    private const int NameWidth = 25;

    /// <summary>
    /// The soft limit of the row named <paramref name="name"/> (e.g. <c>Max open files</c>), or null when the row
    /// is missing or unreadable. The kernel writes each row as <c>"%-25s %-20s %-20s %-10s"</c>: name, soft,
    /// hard, units (fs/proc/base.c, proc_pid_limits), "unlimited" for RLIM_INFINITY.
    /// </summary>
    public static ulong? SoftLimit(string limits, string name)
    {
        foreach (var line in limits.Split('\n'))
        {
            if (name.Length > NameWidth || line.Length <= NameWidth || !line.StartsWith(name, StringComparison.Ordinal) || !string.IsNullOrWhiteSpace(line[name.Length..NameWidth])) continue;
            var soft = line[NameWidth..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            if (soft == "unlimited") return Unlimited;
            return ulong.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        return null;
    }

    /// <summary>The boot time in Unix seconds, the <c>btime</c> line of <c>/proc/stat</c> (proc(5)); null when absent.</summary>
    public static long? BootTime(string stat)
    {
        foreach (var line in stat.Split('\n'))
        {
            if (line.StartsWith("btime ", StringComparison.Ordinal))
                return long.TryParse(line.AsSpan(6).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        return null;
    }
}
