namespace Doomsday.Daemon.Workers;

/// <summary>
/// Dead-man's switch: every <see cref="Interval"/> the daemon calls <see cref="Url"/> (healthchecks.io,
/// Alertmanager's Watchdog receiver, ...); whoever watches that URL alerts when the calls stop.
/// <see cref="Url"/> may hold a secret: never logged.
/// </summary>
public sealed record HeartbeatSettings
{
    public required string Url { get; init; }
    public string Method { get; init; } = "GET";
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}
