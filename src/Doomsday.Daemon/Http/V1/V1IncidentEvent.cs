namespace Doomsday.Daemon.Http.V1;

/// <summary>One line of a timeline; <see cref="Kind"/>: <c>first_failure</c>, <c>firing</c>, <c>notification_sent</c>, ... (docs/http-api.md).</summary>
public sealed record V1IncidentEvent(DateTimeOffset At, string Kind, string Detail, string? Notifier, string? NotificationId);
