using System.Collections.Concurrent;
using System.Text;
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

    /// <summary>Read at scrape time: notifications waiting in the outbox (null: no store yet).</summary>
    public Func<long?> OutboxPending { get; set; } = () => null;

    /// <summary>Read at scrape time: each worker and whether it runs.</summary>
    public Func<IReadOnlyDictionary<string, bool>> Workers { get; set; } = () => new Dictionary<string, bool>();

    public void SourceError(string source, string reason) => _sourceErrors.AddOrUpdate((source, reason), 1, (_, n) => n + 1);

    public void Notification(string notifier, string result) => _notifications.AddOrUpdate((notifier, result), 1, (_, n) => n + 1);

    public void ConfigReload(bool success) =>
        _reloads.AddOrUpdate(success ? N.Results.Success : N.Results.Failure, 1, (_, n) => n + 1);

    public void ScanCompleted(DateTimeOffset at) => Interlocked.Exchange(ref _lastScanUnixMs, at.ToUnixTimeMilliseconds());

    public void Heartbeat(bool ok)
    {
        Volatile.Write(ref _heartbeatState, ok ? 1 : 0);
        if (!ok) Interlocked.Increment(ref _heartbeatFailures);
    }

    public long NotificationCount(string notifier, string result) => _notifications.GetValueOrDefault((notifier, result));

    public long ReloadCount(bool success) => _reloads.GetValueOrDefault(success ? N.Results.Success : N.Results.Failure);

    public void WriteTo(StringBuilder sb)
    {
        PrometheusText.Family(sb, N.SourceErrorsTotal, "counter", "Things a certificate source could not read, per source kind and reason code",
            _sourceErrors.Select(kv => (PrometheusText.Labels((N.Labels.Source, kv.Key.Source), (N.Labels.Reason, kv.Key.Reason)), (double)kv.Value)));
        PrometheusText.Family(sb, N.NotificationsTotal, "counter", "Notification delivery attempts per notifier and result",
            _notifications.Select(kv => (PrometheusText.Labels((N.Labels.Notifier, kv.Key.Notifier), (N.Labels.Result, kv.Key.Result)), (double)kv.Value)));
        PrometheusText.Family(sb, N.ConfigReloadTotal, "counter", "Configuration reloads per result",
            new[] { N.Results.Success, N.Results.Failure }.Select(r => (PrometheusText.Labels((N.Labels.Result, r)), (double)_reloads.GetValueOrDefault(r))));
        if (OutboxPending() is { } pending)
            PrometheusText.Family(sb, N.OutboxPending, "gauge", "Notifications in the outbox not yet delivered nor expired", [("", pending)]);
        var lastScan = Interlocked.Read(ref _lastScanUnixMs);
        if (lastScan >= 0)
            PrometheusText.Family(sb, N.LastScanTimestampSeconds, "gauge", "Unix time at which the last certificate inventory finished", [("", lastScan / 1000.0)]);
        var heartbeat = Volatile.Read(ref _heartbeatState);
        if (heartbeat >= 0)
        {
            PrometheusText.Family(sb, N.HeartbeatOk, "gauge", "1 when the last heartbeat was answered with a 2xx, else 0", [("", heartbeat)]);
            PrometheusText.Family(sb, N.HeartbeatFailuresTotal, "counter", "Heartbeats that failed", [("", Interlocked.Read(ref _heartbeatFailures))]);
        }
        PrometheusText.Family(sb, N.WorkerUp, "gauge", "1 per worker that is running, 0 for one that stopped",
            Workers().Select(kv => (PrometheusText.Labels((N.Labels.Worker, kv.Key)), kv.Value ? 1.0 : 0.0)));
    }
}
