namespace Doomsday.Watch.Alerting;

/// <summary>Incident-log event kinds. Public contract (docs/alerting.md): stored and served by the API as these strings.</summary>
public static class AlertEventKinds
{
    /// <summary>Condition first seen (the start of an episode).</summary>
    public const string Pending = "pending";
    /// <summary>A pending alert whose condition went away before <c>for</c>: never notified.</summary>
    public const string Cleared = "cleared";
    public const string Firing = "firing";
    /// <summary>A certificate alert crossed into a more urgent escalation step, or the severity rose.</summary>
    public const string Escalated = "escalated";
    /// <summary>A notification was issued (detail: its id; <see cref="AlertEvent.Notifiers"/>: to whom).</summary>
    public const string Notified = "notified";
    /// <summary>A due notification was withheld by a silence, a maintenance window or an acknowledgement.</summary>
    public const string Suppressed = "suppressed";
    /// <summary>A due notification had nowhere to go (no matching route and no default notifiers).</summary>
    public const string Unrouted = "unrouted";
    public const string Acknowledged = "acknowledged";
    /// <summary>An acknowledgement ended: expired, escalated past, or removed.</summary>
    public const string Unacknowledged = "unacknowledged";
    public const string Resolved = "resolved";

    public static readonly IReadOnlyList<string> All =
        [Pending, Cleared, Firing, Escalated, Notified, Suppressed, Unrouted, Acknowledged, Unacknowledged, Resolved];
}
