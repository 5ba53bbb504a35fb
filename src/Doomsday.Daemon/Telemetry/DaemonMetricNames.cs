namespace Doomsday.Daemon.Telemetry;

/// <summary>
/// The daemon's own metric and label names (docs/metrics.md, "doomsday watch"). Public contract:
/// never rename one. The certificate series are Reporting.MetricNames' (as <c>scan -o prometheus</c>),
/// the probe and alert series are named beside their writers.
/// </summary>
public static class DaemonMetricNames
{
    /// <summary>Counter: things a certificate source could not read, per source kind and reason code, since start.</summary>
    public const string SourceErrorsTotal = "doomsday_source_errors_total";
    /// <summary>Counter: delivery attempts per notifier and result (<c>delivered</c>, <c>retry</c>, <c>failed</c>).</summary>
    public const string NotificationsTotal = "doomsday_notifications_total";
    /// <summary>Gauge: notifications in the outbox not yet delivered nor expired.</summary>
    public const string OutboxPending = "doomsday_outbox_pending";
    /// <summary>Gauge: Unix time at which the last certificate inventory finished.</summary>
    public const string LastScanTimestampSeconds = "doomsday_last_scan_timestamp_seconds";
    /// <summary>Counter: configuration reloads per result (<c>success</c>, <c>failure</c>).</summary>
    public const string ConfigReloadTotal = "doomsday_config_reload_total";
    /// <summary>Gauge: 1 when the last heartbeat was answered with a 2xx, 0 otherwise (absent series: no heartbeat configured).</summary>
    public const string HeartbeatOk = "doomsday_heartbeat_ok";
    /// <summary>Counter: heartbeats that failed (no answer, or not 2xx).</summary>
    public const string HeartbeatFailuresTotal = "doomsday_heartbeat_failures_total";
    /// <summary>Gauge: 1 per worker that is running, 0 for one that stopped.</summary>
    public const string WorkerUp = "doomsday_worker_up";
    /// <summary>Gauge: blackbox_exporter's name; 1 when the last configuration reload (or the start) succeeded, 0 when it failed.</summary>
    public const string BlackboxConfigLastReloadSuccessful = "blackbox_exporter_config_last_reload_successful";
    /// <summary>Gauge: blackbox_exporter's name; Unix time of the last configuration load that succeeded.</summary>
    public const string BlackboxConfigLastReloadSuccessTimestampSeconds = "blackbox_exporter_config_last_reload_success_timestamp_seconds";

    public static readonly IReadOnlyList<string> All =
    [
        SourceErrorsTotal, NotificationsTotal, OutboxPending, LastScanTimestampSeconds, ConfigReloadTotal,
        HeartbeatOk, HeartbeatFailuresTotal, WorkerUp, BlackboxConfigLastReloadSuccessful, BlackboxConfigLastReloadSuccessTimestampSeconds,
    ];

    public static class Labels
    {
        public const string Source = "source";
        public const string Reason = "reason";
        public const string Notifier = "notifier";
        public const string Result = "result";
        public const string Worker = "worker";
    }

    /// <summary>Values of the <c>result</c> label.</summary>
    public static class Results
    {
        public const string Success = "success";
        public const string Failure = "failure";
        public const string Delivered = "delivered";
        public const string Retry = "retry";
        public const string Failed = "failed";
    }
}
