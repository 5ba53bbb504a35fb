namespace Doomsday.Watch.Alerting;

/// <summary>
/// Metric and label names of the alert series on the daemon's <c>/metrics</c>. Public contract
/// (docs/metrics.md, "Alerts"): never renamed.
/// </summary>
public static class AlertMetricNames
{
    /// <summary>Gauge: alerts per <see cref="StateLabel"/> and <see cref="SeverityLabel"/>.</summary>
    public const string Alerts = "doomsday_alerts";
    /// <summary>Gauge: silences per <see cref="StateLabel"/> (<c>active</c>, <c>pending</c> = not started yet).</summary>
    public const string Silences = "doomsday_silences";

    public const string StateLabel = "state";
    public const string SeverityLabel = "severity";

    /// <summary>Values of <see cref="StateLabel"/> for <see cref="Alerts"/>; disjoint, so their sum is every alert not resolved.</summary>
    public static class States
    {
        public const string Pending = "pending";
        /// <summary>Firing and notified as usual.</summary>
        public const string Firing = "firing";
        /// <summary>Firing, but notifications are withheld by a silence, a maintenance window or an acknowledgement.</summary>
        public const string Suppressed = "suppressed";

        public static readonly IReadOnlyList<string> All = [Pending, Firing, Suppressed];
    }

    public static readonly IReadOnlyList<string> All = [Alerts, Silences];
}
