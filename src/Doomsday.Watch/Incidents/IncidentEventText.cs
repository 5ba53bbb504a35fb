using Doomsday.Watch.Alerting;
using Doomsday.Watch.Store;

namespace Doomsday.Watch.Incidents;

/// <summary>How a timeline names each event kind for people (pages and post-mortems); the kinds themselves are <see cref="IncidentEventKinds"/>.</summary>
public static class IncidentEventText
{
    public static string Label(string kind) => kind switch
    {
        IncidentEventKinds.FirstFailure => "first failure",
        IncidentEventKinds.Firing => "alert fired",
        AlertEventKinds.Notified => "notification queued",
        IncidentEventKinds.NotificationSent => "notification delivered",
        IncidentEventKinds.NotificationRetry => "delivery retried",
        IncidentEventKinds.NotificationFailed => "delivery refused",
        IncidentEventKinds.NotificationExpired => "delivery given up",
        AlertEventKinds.Suppressed => "notification withheld",
        AlertEventKinds.Escalated => "escalated",
        AlertEventKinds.Unrouted => "nowhere to send",
        IncidentEventKinds.Acknowledged => "acknowledged",
        AlertEventKinds.Unacknowledged => "acknowledgement ended",
        IncidentEventKinds.Resolved => "resolved",
        IncidentEventKinds.RenewalVerified => "renewed and verified",
        IncidentEventKinds.RenewalRolledBack => "renewal rolled back",
        IncidentEventKinds.RenewalNeedsAttention => "renewal needs attention",
        _ => kind.Replace('_', ' '),
    };

    /// <summary>Events that mean something went wrong on the way to a person.</summary>
    public static bool IsTrouble(string kind) =>
        kind is IncidentEventKinds.FirstFailure or IncidentEventKinds.Firing or IncidentEventKinds.NotificationFailed
            or IncidentEventKinds.NotificationExpired or AlertEventKinds.Unrouted
            or IncidentEventKinds.RenewalRolledBack or IncidentEventKinds.RenewalNeedsAttention;
}
