using System.Collections.Concurrent;
using System.Text;
using Doomsday.Core.Reporting;
using N = Doomsday.Daemon.Telemetry.DaemonMetricNames;

namespace Doomsday.Daemon.Telemetry;

/// <summary>
/// The daemon's own counters and gauges, updated by the workers from any thread and written on
/// <c>/metrics</c>. Counters start at process start (Prometheus handles the reset on restart).
/// </summary>
public sealed class DaemonMetrics
{
    private readonly ConcurrentDictionary<(string Source, string Reason), long> _sourceErrors = new();
    private readonly ConcurrentDictionary<(string Notifier, string Result), long> _notifications = new();
    private readonly ConcurrentDictionary<string, long> _reloads = new(StringComparer.Ordinal);
    private long _heartbeatFailures;
    private int _heartbeatState = -1; // -1: no heartbeat yet, 0: failed, 1: ok
    private long _lastScanUnixMs = -1;
    private long _lastGoodConfigUnixMs = -1;
    private bool _lastReloadFailed;

    /// <summary>Read at scrape time: notifications waiting in the outbox (null: no store yet).</summary>
    public Func<long?> OutboxPending { get; set; } = () => null;

    /// <summary>Read at scrape time: each worker and whether it runs.</summary>
    public Func<IReadOnlyDictionary<string, bool>> Workers { get; set; } = () => new Dictionary<string, bool>();

    public void SourceError(string source, string reason) => _sourceErrors.AddOrUpdate((source, reason), 1, (_, n) => n + 1);

    public void Notification(string notifier, string result) => _notifications.AddOrUpdate((notifier, result), 1, (_, n) => n + 1);

    public void ConfigReload(bool success)
    {
        _reloads.AddOrUpdate(success ? N.Results.Success : N.Results.Failure, 1, (_, n) => n + 1);
        Volatile.Write(ref _lastReloadFailed, !success);
    }

    public void ScanCompleted(DateTimeOffset at) => Interlocked.Exchange(ref _lastScanUnixMs, at.ToUnixTimeMilliseconds());

    public void Heartbeat(bool ok)
    {
        Volatile.Write(ref _heartbeatState, ok ? 1 : 0);
        if (!ok) Interlocked.Increment(ref _heartbeatFailures);
    }

    public long NotificationCount(string notifier, string result) => _notifications.GetValueOrDefault((notifier, result));

    public long ReloadCount(bool success) => _reloads.GetValueOrDefault(success ? N.Results.Success : N.Results.Failure);

    /// <summary>Unix time of the last configuration load that succeeded (the start, or a reload).</summary>
    public void ConfigLoaded(DateTimeOffset at) => Interlocked.Exchange(ref _lastGoodConfigUnixMs, at.ToUnixTimeMilliseconds());

    /// <summary>Writes every family; <paramref name="extra"/> (the global labels) goes on every series.</summary>
    public void WriteTo(StringBuilder sb, ExtraLabels? extra = null)
    {
        var x = (extra ?? ExtraLabels.None).Without([N.Labels.Source, N.Labels.Reason, N.Labels.Notifier, N.Labels.Result, N.Labels.Worker]);
        string L(params (string, string)[] labels) => Exposition.Labels(labels, x);
        Family(sb, N.SourceErrorsTotal, Exposition.Counter, "Things a certificate source could not read, per source kind and reason code",
            _sourceErrors.Select(kv => (L((N.Labels.Source, kv.Key.Source), (N.Labels.Reason, kv.Key.Reason)), (double)kv.Value)));
        Family(sb, N.NotificationsTotal, Exposition.Counter, "Notification delivery attempts per notifier and result",
            _notifications.Select(kv => (L((N.Labels.Notifier, kv.Key.Notifier), (N.Labels.Result, kv.Key.Result)), (double)kv.Value)));
        Family(sb, N.ConfigReloadTotal, Exposition.Counter, "Configuration reloads per result",
            new[] { N.Results.Success, N.Results.Failure }.Select(r => (L((N.Labels.Result, r)), (double)_reloads.GetValueOrDefault(r))));
        // blackbox_exporter's reload gauges (config/config.go), so its "configuration reload failure" rule reads Doomsday's reloads.
        Family(sb, N.BlackboxConfigLastReloadSuccessful, Exposition.Gauge, "Blackbox exporter config loaded successfully.",
            [(L(), Volatile.Read(ref _lastReloadFailed) ? 0.0 : 1.0)]);
        var lastGood = Interlocked.Read(ref _lastGoodConfigUnixMs);
        if (lastGood >= 0)
            Family(sb, N.BlackboxConfigLastReloadSuccessTimestampSeconds, Exposition.Gauge, "Timestamp of the last successful configuration reload.", [(L(), lastGood / 1000.0)]);
        if (OutboxPending() is { } pending)
            Family(sb, N.OutboxPending, Exposition.Gauge, "Notifications in the outbox not yet delivered nor expired", [(L(), pending)]);
        var lastScan = Interlocked.Read(ref _lastScanUnixMs);
        if (lastScan >= 0)
            Family(sb, N.LastScanTimestampSeconds, Exposition.Gauge, "Unix time at which the last certificate inventory finished", [(L(), lastScan / 1000.0)]);
        var heartbeat = Volatile.Read(ref _heartbeatState);
        if (heartbeat >= 0)
        {
            Family(sb, N.HeartbeatOk, Exposition.Gauge, "1 when the last heartbeat was answered with a 2xx, else 0", [(L(), heartbeat)]);
            Family(sb, N.HeartbeatFailuresTotal, Exposition.Counter, "Heartbeats that failed", [(L(), Interlocked.Read(ref _heartbeatFailures))]);
        }
        Family(sb, N.WorkerUp, Exposition.Gauge, "1 per worker that is running, 0 for one that stopped",
            Workers().Select(kv => (L((N.Labels.Worker, kv.Key)), kv.Value ? 1.0 : 0.0)));
    }

    /// <summary>One family, samples sorted by label text.</summary>
    internal static void Family(StringBuilder sb, string name, string type, string help, IEnumerable<(string Labels, double Value)> samples) =>
        Exposition.Family(sb, name, help, samples.OrderBy(s => s.Labels, StringComparer.Ordinal).Select(s => (s.Labels, Exposition.Number(s.Value))), type);
}
