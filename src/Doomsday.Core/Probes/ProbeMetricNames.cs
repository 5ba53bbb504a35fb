namespace Doomsday.Core.Probes;

/// <summary>
/// Metric and label names of the probe series on the daemon's <c>/metrics</c>. Public contract
/// (docs/metrics.md, "Probe metrics"): never rename one. The <c>probe_*</c> names are
/// blackbox_exporter's, so its dashboards and alert rules (<c>probe_success == 0</c>) work unchanged;
/// <c>doomsday_probe_*</c> are Doomsday's own.
/// </summary>
public static class ProbeMetricNames
{
    /// <summary>1 when the latest run succeeded, else 0.</summary>
    public const string Success = "probe_success";
    /// <summary>How long the latest run took, in seconds.</summary>
    public const string DurationSeconds = "probe_duration_seconds";
    /// <summary>HTTP status of the latest run's response (http, etcd, apiserver probes that got an answer).</summary>
    public const string HttpStatusCode = "probe_http_status_code";
    /// <summary>Earliest notAfter of the chain the latest run saw, as Unix time (tls probes).</summary>
    public const string SslEarliestCertExpiry = "probe_ssl_earliest_cert_expiry";
    /// <summary>1 while the target is held down (FailureThreshold failures in a row, not yet SuccessThreshold successes), else 0.</summary>
    public const string Down = "doomsday_probe_down";
    /// <summary>Unix time the latest run started.</summary>
    public const string LastRunTimestampSeconds = "doomsday_probe_last_run_timestamp_seconds";

    /// <summary>Every metric family name, for documentation tests.</summary>
    public static readonly IReadOnlyList<string> All = [Success, DurationSeconds, HttpStatusCode, SslEarliestCertExpiry, Down, LastRunTimestampSeconds];

    /// <summary>Label names; a probe's own <c>labels</c> are added after these (those clashing with them are dropped).</summary>
    public static class Labels
    {
        public const string Probe = "probe";
        public const string Kind = "kind";

        public static readonly IReadOnlyList<string> All = [Probe, Kind];
    }
}
