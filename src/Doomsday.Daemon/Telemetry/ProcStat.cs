using System.Globalization;

namespace Doomsday.Daemon.Telemetry;

/// <summary>
/// The fields of <c>/proc/[pid]/stat</c> the process metrics use (proc(5): fields 14, 15, 22, 23, 24);
/// times in clock ticks (USER_HZ), <see cref="ResidentPages"/> in pages.
/// </summary>
internal readonly record struct ProcStat(ulong UserTicks, ulong SystemTicks, ulong StartTicks, ulong VirtualBytes, long ResidentPages)
{
    /// <summary>
    /// The line, or null when it is not one. <c>comm</c> (field 2, in parentheses) may itself hold spaces and
    /// parentheses, so the fields are read after the LAST <c>)</c>, as prometheus/procfs (proc_stat.go) does.
    /// </summary>
    public static ProcStat? Parse(string line)
    {
        var close = line.LastIndexOf(')');
        if (close < 0 || line.IndexOf('(') is var open && (open < 0 || open > close)) return null;
        // After comm: field 3 (state) is at index 0, so field n is at index n - 3.
        var f = line[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (f.Length < 22) return null;
        return ULong(f[11]) is { } utime && ULong(f[12]) is { } stime && ULong(f[19]) is { } start && ULong(f[20]) is { } vsize
            && long.TryParse(f[21], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var rss)
            ? new ProcStat(utime, stime, start, vsize, rss)
            : null;
    }

    private static ulong? ULong(string s) => ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
}
