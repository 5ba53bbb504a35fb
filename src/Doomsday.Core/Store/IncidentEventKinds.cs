namespace Doomsday.Core.Store;

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

    /// <summary>Kinds that open a new incident when the alert has none open.</summary>
    internal static bool Opens(string kind) => kind is FirstFailure or Firing;
}
