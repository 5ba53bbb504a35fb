namespace Doomsday.Watch.Store;

/// <summary>One line of an incident's timeline. <see cref="Detail"/> never holds secrets (it is a delivery detail or a probe reason).</summary>
public sealed record IncidentEvent(DateTimeOffset At, string Kind, string Detail, string? Notifier = null, string? NotificationId = null);
