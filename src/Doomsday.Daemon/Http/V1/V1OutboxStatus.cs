namespace Doomsday.Daemon.Http.V1;

/// <summary>Notifications not yet delivered (nor expired), and when the oldest of them was queued.</summary>
public sealed record V1OutboxStatus(long Pending, DateTimeOffset? OldestPendingAt);
