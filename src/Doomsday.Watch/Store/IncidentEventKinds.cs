namespace Doomsday.Watch.Store;

/// <summary>Public contract (stored, shown in incident timelines and post-mortems): incident event kinds.</summary>
public static class IncidentEventKinds
{
    public const string FirstFailure = "first_failure";
    public const string Firing = "firing";
    public const string NotificationSent = "notification_sent";

    /// <summary>An attempt that will be retried (receiver down, 429, 5xx, timeout).</summary>
    public const string NotificationRetry = "notification_retry";

    /// <summary>The receiver refused the notification permanently.</summary>
    public const string NotificationFailed = "notification_failed";

    /// <summary>Not delivered within the outbox's maximum age.</summary>
    public const string NotificationExpired = "notification_expired";

    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";

    /// <summary>
    /// <c>doomsday renew</c> renewed a node's certificates and saw every restarted component serve the new ones
    /// (posted to <c>POST /api/v1/incidents/events</c>). Closes the node's renewal incident; with none open, it is
    /// an incident of its own, opened and closed by this one event.
    /// </summary>
    public const string RenewalVerified = "renewal_verified";

    /// <summary>A renewal failed and what it changed was put back and verified: the node runs on its previous certificates.</summary>
    public const string RenewalRolledBack = "renewal_rolled_back";

    /// <summary>A renewal failed and could not be undone (or undoing would not help): the node needs hands.</summary>
    public const string RenewalNeedsAttention = "renewal_needs_attention";

    /// <summary>The kinds another program may post to the incident log (<c>POST /api/v1/incidents/events</c>); the rest are the daemon's own.</summary>
    public static readonly IReadOnlyList<string> Posted = [RenewalVerified, RenewalRolledBack, RenewalNeedsAttention];

    /// <summary>Kinds that open a new incident when the alert has none open.</summary>
    internal static bool Opens(string kind) => kind is FirstFailure or Firing || Posted.Contains(kind);

    /// <summary>Kinds that close the open incident they are written to.</summary>
    internal static bool Closes(string kind) => kind is Resolved or RenewalVerified;
}
