namespace Doomsday.Watch.Store;

/// <summary>Public contract (stored, and shown by the API): the states of an outbox row.</summary>
public static class OutboxStates
{
    /// <summary>Not delivered yet: due at <c>next_attempt_at</c> (or in flight).</summary>
    public const string Pending = "pending";

    /// <summary>The receiver accepted it. Never sent again.</summary>
    public const string Sent = "sent";

    /// <summary>Not delivered within the maximum age; given up.</summary>
    public const string Expired = "expired";

    /// <summary>The receiver refused it permanently (a 4xx other than 408/429, a rejected address).</summary>
    public const string Failed = "failed";
}
