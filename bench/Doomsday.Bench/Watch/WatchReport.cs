namespace Doomsday.Bench.Watch;

/// <summary>Prints the stacks side by side, then the verdict against the issue's targets.</summary>
internal static class WatchReport
{
    private const double MemoryTargetBytes = 150e6;

    public static void Print(WatchOptions o, IReadOnlyList<StackResult> results)
    {
        Console.WriteLine();
        Console.WriteLine($"{o.Targets} HTTPS targets, interval {o.IntervalSeconds}s, timeout {o.TimeoutSeconds}s, failure threshold {o.Threshold} " +
                          $"(Prometheus for: {(o.Threshold - 1) * o.IntervalSeconds}s, rules every {o.EvalSeconds}s), steady window {o.SteadySeconds}s, {o.Down} targets taken down, TLS: {(o.Tls == "ca" ? "both trust the generated CA" : "both skip verification")}, nginx keep-alive {(o.KeepAlive ? "on (clients may reuse connections)" : "off (every probe a full handshake)")}");
        foreach (var r in results) Console.WriteLine($"  {r.Label}: {r.Description}; load {r.Load}; kill→refused {r.KillToRefusedMs:F1} ms");
        var columns = results.SelectMany(r => r.Processes.Select(p => (Stack: r, Process: p))).ToList();
        var header = new List<string> { "" };
        header.AddRange(columns.Select(c => c.Process.Name));
        var rows = new List<List<string>>
        {
            header,
            Row("CPU steady, s (% of a core)", columns.Select(c => $"{c.Process.SteadyCpuSeconds:F1} ({100 * c.Process.SteadyCpuSeconds / c.Stack.SteadySeconds:F1}%)")),
            Row("CPU whole run, s", columns.Select(c => $"{c.Process.TotalCpuSeconds:F1}")),
            Row("peak RSS (VmHWM), MB", columns.Select(c => $"{c.Process.PeakRssKiB * 1024 / 1e6:F1}")),
            Row("nginx requests/s (steady)", columns.Select(c => First(c, $"{c.Stack.RequestsPerSecond:F1}"))),
            Row("nginx CPU steady, s", columns.Select(c => First(c, $"{c.Stack.NginxCpuSeconds:F1}"))),
            Row("notified / taken down", columns.Select(c => First(c, $"{c.Stack.LatenciesSeconds.Count}/{c.Stack.Expected}"))),
            Row("detection p50, s", columns.Select(c => First(c, Pct(c.Stack.LatenciesSeconds, 0.50)))),
            Row("detection p99, s", columns.Select(c => First(c, Pct(c.Stack.LatenciesSeconds, 0.99)))),
            Row("detection max, s", columns.Select(c => First(c, Pct(c.Stack.LatenciesSeconds, 1.0)))),
        };
        var widths = Enumerable.Range(0, header.Count).Select(i => rows.Max(r => r[i].Length)).ToList();
        Console.WriteLine();
        foreach (var row in rows)
        {
            Console.WriteLine(string.Join("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))));
        }
        Console.WriteLine("(nginx, notification and detection rows are per stack, shown under its first process; p99 of 50 samples is the 50th)");

        PrintBaselineComparison(results);
        var doomsday = results.FirstOrDefault(r => r.Label.StartsWith("doomsday", StringComparison.Ordinal) && !IsBaseline(r));
        var prometheus = results.FirstOrDefault(r => r.Label.StartsWith("prometheus", StringComparison.Ordinal));
        if (doomsday is null) return;
        Console.WriteLine();
        var d = doomsday.Processes[0];
        if (prometheus?.Processes.FirstOrDefault(p => p.Name == "blackbox_exporter") is { } bb)
        {
            var ds = d.SteadyCpuSeconds / doomsday.SteadySeconds;
            var bs = bb.SteadyCpuSeconds / prometheus.SteadySeconds;
            Console.WriteLine($"target CPU ≤ blackbox_exporter's: {(ds <= bs ? "MET" : "NOT MET")} ({100 * ds:F1}% vs {100 * bs:F1}% of a core)");
        }
        Console.WriteLine($"target peak memory < 150 MB: {(d.PeakRssKiB * 1024 < MemoryTargetBytes ? "MET" : "NOT MET")} ({d.PeakRssKiB * 1024 / 1e6:F1} MB)");
        var bound = o.Threshold * o.IntervalSeconds + 1;
        var p99 = Percentile(doomsday.LatenciesSeconds, 0.99);
        var all = doomsday.LatenciesSeconds.Count == doomsday.Expected;
        Console.WriteLine($"target detection p99 ≤ threshold × interval + 1 s = {bound} s: {(all && p99 <= bound ? "MET" : "NOT MET")} " +
                          $"(p99 {Pct(doomsday.LatenciesSeconds, 0.99)} s, {doomsday.LatenciesSeconds.Count}/{doomsday.Expected} notified)");
    }

    private static bool IsBaseline(StackResult r) => r.Label.EndsWith("(baseline)", StringComparison.Ordinal);

    /// <summary>With --baseline: the median steady CPU of each build over the alternating rounds, and the difference.</summary>
    private static void PrintBaselineComparison(IReadOnlyList<StackResult> results)
    {
        var baseline = results.Where(IsBaseline).Select(SteadyShare).ToList();
        var build = results.Where(r => r.Label.StartsWith("doomsday", StringComparison.Ordinal) && !IsBaseline(r)).Select(SteadyShare).ToList();
        if (baseline.Count == 0 || build.Count == 0) return;
        double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);
        var (b, t) = (Median(baseline), Median(build));
        Console.WriteLine();
        Console.WriteLine($"steady CPU, % of a core, per round: baseline {string.Join(" ", baseline.Select(v => $"{100 * v:F1}"))}; this build {string.Join(" ", build.Select(v => $"{100 * v:F1}"))}");
        Console.WriteLine($"median: baseline {100 * b:F1} %, this build {100 * t:F1} %: {100 * (t / b - 1):+0.0;-0.0} % relative");
    }

    private static double SteadyShare(StackResult r) => r.Processes[0].SteadyCpuSeconds / r.SteadySeconds;

    private static string First((StackResult Stack, ProcessFigures Process) c, string text) =>
        ReferenceEquals(c.Stack.Processes[0], c.Process) ? text : "";

    private static List<string> Row(string name, IEnumerable<string> cells) => [name, .. cells];

    private static string Pct(IReadOnlyList<double> values, double p) =>
        values.Count == 0 ? "-" : $"{Percentile(values, p):F2}";

    /// <summary>Nearest-rank percentile; +∞ when there are no values.</summary>
    private static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0) return double.PositiveInfinity;
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
