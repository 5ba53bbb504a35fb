namespace Doomsday.Watch.Alerting;

/// <summary>
/// What one round (or one runtime change) decided. The daemon writes, in one store transaction, the
/// <see cref="Notifications"/> to the outbox, the <see cref="Events"/> to the incident log, upserts
/// <see cref="ChangedStates"/> and deletes <see cref="RemovedFingerprints"/>. If it crashes before that
/// commit, the restarted engine (built from the old states) decides the same notifications with the same ids.
/// </summary>
public sealed record AlertDecisions(
    IReadOnlyList<NotificationIntent> Notifications,
    IReadOnlyList<AlertEvent> Events,
    IReadOnlyList<AlertState> ChangedStates,
    IReadOnlyList<string> RemovedFingerprints)
{
    public static readonly AlertDecisions None = new([], [], [], []);

    /// <summary>
    /// What could not be evaluated this round, one line each (an alert whose step threw, a route, silence or
    /// maintenance window whose test threw). Everything else was decided as usual; the daemon reports these
    /// as a degraded health (docs/alerting.md, <c>DoomsdayDegraded</c>).
    /// </summary>
    public IReadOnlyList<string> Failures { get; init; } = [];
}
