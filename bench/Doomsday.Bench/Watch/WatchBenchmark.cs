using System.Diagnostics;
using System.Globalization;

namespace Doomsday.Bench.Watch;

/// <summary>
/// <c>watch</c> mode (issue 5, Performance): N HTTPS targets on loopback probed every interval by doomsday and,
/// in the same session and over the same targets, by blackbox_exporter + Prometheus + Alertmanager, one stack
/// after the other. Each stack: start, one interval + 5 s to settle, a steady window (CPU and nginx request
/// rate measured), then the victim targets go down with one SIGKILL and the bench waits for a firing
/// notification per victim at its webhook receiver. Detection latency = arrival − kill instant.
/// </summary>
internal static class WatchBenchmark
{
    public static int Run(WatchOptions options)
    {
        Machine.Print();
        if (Directory.Exists(options.WorkDir)) Directory.Delete(options.WorkDir, true);
        Directory.CreateDirectory(options.WorkDir);

        string? daemon = null;
        if (options.Only != "prometheus" && options.Stack != "standin")
        {
            daemon = DoomsdayBuild.Locate(new BenchOptions("watch", 0, 0, options.WorkDir, options.Doomsday));
            if (daemon is not null && !HasWatchVerb(daemon)) daemon = null;
            if (daemon is null && options.Stack == "daemon")
            {
                Console.Error.WriteLine("this doomsday has no `watch` verb; use --stack standin or auto");
                return 1;
            }
            if (daemon is null) Console.WriteLine("doomsday: no `watch` verb in this build: measuring the STAND-IN (watch-standin mode), not the daemon");
        }
        if (options.Only != "doomsday" && !PrometheusInstalled()) return 1;

        using var targets = new TargetServers(options.WorkDir, options.Targets, options.Down, options.KeepAlive);
        var sw = Stopwatch.StartNew();
        targets.StartStable();
        Console.WriteLine($"targets: {options.StablePortsText(targets)}; nginx up in {sw.Elapsed.TotalSeconds:F1} s");
        using var receiver = new AlertReceiver();

        var results = new List<StackResult>();
        if (options.Only != "prometheus" && options.Baseline is { } baseline)
        {
            // Side by side: the baseline build and this one, alternating, so background load hits both alike.
            for (var round = 0; round < options.Rounds; round++)
            {
                results.Add(RunStack(options, targets, receiver,
                    () => DoomsdayStack.Start(Path.Combine(options.WorkDir, "doomsday"), targets, receiver, options, baseline, " (baseline)")));
                results.Add(RunStack(options, targets, receiver,
                    () => DoomsdayStack.Start(Path.Combine(options.WorkDir, "doomsday"), targets, receiver, options, daemon)));
            }
        }
        else if (options.Only != "prometheus")
        {
            results.Add(RunStack(options, targets, receiver,
                () => DoomsdayStack.Start(Path.Combine(options.WorkDir, "doomsday"), targets, receiver, options, daemon)));
        }
        if (options.Only != "doomsday")
        {
            results.Add(RunStack(options, targets, receiver,
                () => new PrometheusStack(Path.Combine(options.WorkDir, "prometheus"), targets, receiver, options)));
        }
        WatchReport.Print(options, results);
        return 0;
    }

    private static StackResult RunStack(WatchOptions options, TargetServers targets, AlertReceiver receiver, Func<IWatchStack> start)
    {
        targets.StartVictims();
        receiver.Reset();
        using var stack = start();
        Console.WriteLine($"{stack.Label}: started ({stack.Description})");
        using var scraper = options.ScrapeSeconds > 0 && stack is DoomsdayStack d ? new Scraper(d.MetricsUrl, TimeSpan.FromSeconds(options.ScrapeSeconds)) : null;
        Thread.Sleep(TimeSpan.FromSeconds(options.IntervalSeconds + 5));
        foreach (var p in stack.Processes)
        {
            if (p.HasExited) throw new InvalidOperationException($"{p.Name} exited:\n{p.LogTail()}");
        }

        var cpu0 = stack.Processes.Select(p => p.CpuSeconds()).ToList();
        var requests0 = targets.StableRequests();
        var nginx0 = targets.StableCpuSeconds();
        var load0 = LoadAverage();
        var steady = Stopwatch.StartNew();
        Thread.Sleep(TimeSpan.FromSeconds(options.SteadySeconds));
        var steadySeconds = steady.Elapsed.TotalSeconds;
        var cpu1 = stack.Processes.Select(p => p.CpuSeconds()).ToList();
        var requests1 = targets.StableRequests();
        var nginx1 = targets.StableCpuSeconds();
        Console.WriteLine($"{stack.Label}: steady window done ({steadySeconds:F0} s, load {load0} -> {LoadAverage()})"
                          + (scraper is null ? "" : $"; /metrics fetched {scraper.Count} times ({scraper.Failures} failed), last {scraper.LastBytes} bytes"));

        receiver.Reset();
        var downAt = targets.KillVictims();
        var refused = Stopwatch.StartNew();
        while (TcpProbe.Accepts(targets.VictimPorts[0]) && refused.Elapsed < TimeSpan.FromSeconds(5)) Thread.Sleep(1);
        var killToRefused = (DateTimeOffset.UtcNow - downAt).TotalMilliseconds;
        // Worst case: threshold probes + rule evaluation + notification; then a generous margin.
        var deadline = TimeSpan.FromSeconds(options.Threshold * options.IntervalSeconds + options.EvalSeconds + options.TimeoutSeconds + 30);
        var wait = Stopwatch.StartNew();
        while (receiver.CountReceived(targets.VictimPorts) < targets.VictimPorts.Count && wait.Elapsed < deadline) Thread.Sleep(100);
        Console.WriteLine($"{stack.Label}: {receiver.CountReceived(targets.VictimPorts)}/{targets.VictimPorts.Count} down notifications after {wait.Elapsed.TotalSeconds:F1} s");

        var latencies = new List<double>();
        foreach (var port in targets.VictimPorts)
        {
            if (receiver.TryGetFirstFiring(port, out var at)) latencies.Add((at - downAt).TotalSeconds);
        }
        var figures = stack.Processes.Select((p, i) => new ProcessFigures(p.Name, cpu1[i] - cpu0[i], p.CpuSeconds(), p.PeakRssKiB())).ToList();
        var rate = requests0 >= 0 && requests1 >= 0 ? (requests1 - requests0) / steadySeconds : double.NaN;
        return new StackResult(stack.Label, stack.Description, steadySeconds, figures, rate, nginx1 - nginx0, latencies,
            targets.VictimPorts.Count, killToRefused, $"{load0} -> {LoadAverage()}");
    }

    private static string StablePortsText(this WatchOptions o, TargetServers t) =>
        $"{o.Targets} HTTPS targets on 127.0.0.1 ports {t.AllPorts.Min()}..{t.AllPorts.Max()} ({o.Targets - o.Down} stay up, {o.Down} go down)";

    private static bool HasWatchVerb(string doomsday)
    {
        var (code, stdout, _) = ProcessRunner.Capture(doomsday, ["watch", "--help"]);
        return code == 0 && stdout.Contains("--config", StringComparison.Ordinal);
    }

    private static bool PrometheusInstalled()
    {
        string[] needed = ["/usr/bin/prometheus", "/usr/bin/prometheus-blackbox-exporter", "/usr/bin/prometheus-alertmanager"];
        var missing = needed.Where(f => !File.Exists(f)).ToList();
        if (missing.Count == 0) return true;
        Console.Error.WriteLine($"missing {string.Join(", ", missing)}: apt-get install -y prometheus prometheus-blackbox-exporter prometheus-alertmanager (or run with --only doomsday)");
        return false;
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    internal static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
