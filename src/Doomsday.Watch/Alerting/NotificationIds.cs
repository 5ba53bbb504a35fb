namespace Doomsday.Watch.Alerting;

/// <summary>
/// Notification ids (the outbox's idempotency key). Public contract (docs/alerting.md):
/// <c>{fingerprint}-{episode}-{sequence}-{transition}</c>, where episode is the Unix time in milliseconds
/// the condition was first seen, sequence counts the notifications of that episode from 1, and transition
/// is one of the constants below. All three come from the persisted state, so the same decision made again
/// after a restart yields the same id.
/// </summary>
public static class NotificationIds
{
    public const string Firing = "firing";
    public const string Escalated = "escalated";
    public const string Repeat = "repeat";
    public const string Resolved = "resolved";

    /// <summary>A firing alert told again (<see cref="AlertingOptions.ResendEvery"/>); not counted in the sequence.</summary>
    public const string Resend = "resend";

    public static string For(AlertState state, int sequence, string transition) =>
        $"{state.Fingerprint}-{state.FirstSeenAt.ToUnixTimeMilliseconds()}-{sequence}-{transition}";

    /// <summary>
    /// <c>{fingerprint}-{episode}-{sequence}-resend-{at}</c>: the sequence of the last notification and the
    /// Unix time in milliseconds of the re-send, so every re-send has an id of its own.
    /// </summary>
    public static string ForResend(AlertState state, DateTimeOffset at) =>
        $"{For(state, state.Sequence, Resend)}-{at.ToUnixTimeMilliseconds()}";
}
