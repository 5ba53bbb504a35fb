namespace Doomsday.Watch.Alerting;

/// <summary>
/// One line of an alert's timeline for the incident log. <see cref="Kind"/> is one of <see cref="AlertEventKinds"/>.
/// </summary>
public sealed record AlertEvent(
    DateTimeOffset At,
    string Fingerprint,
    string AlertName,
    string Kind,
    string Detail,
    string? NotificationId = null,
    IReadOnlyList<string>? Notifiers = null);
