using System.Text;

namespace Doomsday.Bench.Watch;

/// <summary>
/// The doomsday side: a config file with one <c>http</c> probe per target (trusting the generated CA) and one
/// webhook notifier pointing at the receiver, run either by the real <c>doomsday watch --config F</c> or, until
/// the daemon exists, by the bench's own <c>watch-standin</c> mode (<see cref="WatchStandIn"/>) in a separate
/// process, so its CPU and memory are measured alone in both cases.
/// </summary>
internal sealed class DoomsdayStack : IWatchStack
{
    private readonly ServiceProcess _process;

    public string Label { get; }
    public string Description { get; }
    public IReadOnlyList<ServiceProcess> Processes => [_process];

    /// <summary>The daemon's <c>/metrics</c>.</summary>
    public string MetricsUrl { get; }

    private DoomsdayStack(ServiceProcess process, string label, string description, int apiPort)
    {
        _process = process;
        Label = label;
        Description = description;
        MetricsUrl = $"http://127.0.0.1:{apiPort}/metrics";
    }

    /// <param name="suffix">Appended to the label and process name, to tell two builds apart in one report.</param>
    public static DoomsdayStack Start(string dir, TargetServers targets, AlertReceiver receiver, WatchOptions options, string? daemon, string suffix = "")
    {
        Directory.CreateDirectory(dir);
        var db = Path.Combine(dir, "doomsday.db");
        foreach (var f in new[] { db, db + "-wal", db + "-shm" }) File.Delete(f);
        var config = Path.Combine(dir, "doomsday.yaml");
        var apiPort = TcpProbe.FreePorts(1)[0];
        File.WriteAllText(config, Config(targets, receiver, options, apiPort, db));
        var what = $"{options.Targets} http probes (interval {options.IntervalSeconds}s, timeout {options.TimeoutSeconds}s, failureThreshold {options.Threshold}), webhook notifier";
        if (daemon is not null)
        {
            var p = ServiceProcess.Start("doomsday" + suffix, daemon, ["watch", "--config", config], Path.Combine(dir, "doomsday.log"));
            return new DoomsdayStack(p, "doomsday watch" + suffix, $"{daemon} watch --config (the real daemon): {what}", apiPort);
        }
        var (exe, prefix) = Self();
        var standin = ServiceProcess.Start("doomsday stand-in", exe, [.. prefix, "watch-standin", "--config", config], Path.Combine(dir, "standin.log"));
        return new DoomsdayStack(standin, "doomsday stand-in",
            $"STAND-IN, not the daemon: Doomsday.Bench watch-standin = ProbeScheduler + AlertEngine + SQLite outbox + webhook notifier in one process (JIT, not ReadyToRun): {what}", apiPort);
    }

    /// <summary>How to start this benchmark program again (apphost, or dotnet + dll).</summary>
    private static (string Exe, string[] Prefix) Self()
    {
        var path = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(path) == "dotnet"
            ? (path, [typeof(DoomsdayStack).Assembly.Location])
            : (path, []);
    }

    private static string Config(TargetServers targets, AlertReceiver receiver, WatchOptions options, int apiPort, string db)
    {
        var text = new StringBuilder();
        text.Append("probes:\n");
        foreach (var port in targets.AllPorts)
        {
            text.Append($"  - {{name: t{port}, kind: http, url: '{TargetServers.Url(port)}', interval: {options.IntervalSeconds}s, timeout: {options.TimeoutSeconds}s, ");
            text.Append($"failureThreshold: {options.Threshold}, tls: {{{(options.Tls == "insecure" ? "insecureSkipVerify: true" : $"ca: '{targets.CaFile}'")}}}, labels: {{target: '{TargetServers.Url(port)}'}}}}\n");
        }
        text.Append($"""
            notifiers:
              - name: bench
                kind: webhook
                url: '{receiver.Url("doomsday")}'
            routes:
              - notifiers: [bench]
            server:
              listen: 127.0.0.1:{apiPort}
            store:
              path: '{db}'

            """);
        return text.ToString();
    }

    public void Dispose() => _process.Dispose();
}
