namespace Doomsday.Watch.Alerting;

/// <summary>
/// Someone owns the alert: repeats are suppressed until it resolves, escalates (a more urgent escalation
/// step or a higher severity) or <see cref="ExpiresAt"/> passes.
/// </summary>
public sealed record Acknowledgement(string By, string Comment, DateTimeOffset At, DateTimeOffset? ExpiresAt = null)
{
    public bool IsActive(DateTimeOffset now) => ExpiresAt is null || now < ExpiresAt;
}
