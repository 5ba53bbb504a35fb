using Doomsday.Watch.Alerting;
using Doomsday.Watch.Store;

namespace Doomsday.Watch.Incidents;

/// <summary>
/// The four figures of an incident, each measured from <see cref="Start"/> (the incident's first event: the
/// first failed check, or the alert firing when it had no failure stage) to the first event that marks it.
/// Public contract, defined in docs/web.md ("Incident figures"):
/// <list type="bullet">
/// <item><see cref="ToDetect"/>: to the first <c>firing</c> event (Doomsday declared the outage).</item>
/// <item><see cref="ToNotify"/>: to the first <c>notification_sent</c> of a notification that is not a resolution
/// (a receiver accepted the news; a queued or refused one does not count).</item>
/// <item><see cref="ToAcknowledge"/>: to the first <c>acknowledged</c> event (a person took it).</item>
/// <item><see cref="ToResolve"/>: to the <c>resolved</c> event that closed it (null while open).</item>
/// </list>
/// A figure is null when its event never happened (an incident cleared before firing has no time to detect).
/// </summary>
public sealed record IncidentFigures(
    DateTimeOffset Start,
    TimeSpan? ToDetect,
    TimeSpan? ToNotify,
    TimeSpan? ToAcknowledge,
    TimeSpan? ToResolve)
{
    public static IncidentFigures Of(Incident incident)
    {
        var start = incident.Events.Count > 0 ? Min(incident.Events[0].At, incident.OpenedAt) : incident.OpenedAt;
        TimeSpan? Since(Func<IncidentEvent, bool> marks) =>
            incident.Events.FirstOrDefault(marks) is { } e ? Max(e.At - start, TimeSpan.Zero) : null;
        return new IncidentFigures(
            start,
            Since(e => e.Kind == IncidentEventKinds.Firing),
            Since(e => e.Kind == IncidentEventKinds.NotificationSent && !IsResolution(e)),
            Since(e => e.Kind == IncidentEventKinds.Acknowledged),
            incident.ResolvedAt is { } resolved ? Max(resolved - start, TimeSpan.Zero) : null);
    }

    /// <summary>True for the delivery of a "resolved" notification (its id ends with the <c>resolved</c> transition, docs/alerting.md).</summary>
    public static bool IsResolution(IncidentEvent e) =>
        e.NotificationId is { } id && id.EndsWith("-" + NotificationIds.Resolved, StringComparison.Ordinal);

    /// <summary>
    /// True when the incident ended without its alert ever firing (a blip shorter than the alert's <c>for</c>). Such an
    /// incident starts with a <c>first_failure</c>; a renewal's (posted events only) never does.
    /// </summary>
    public static bool ClearedBeforeFiring(Incident incident) =>
        incident.ResolvedAt is not null && !incident.Events.Any(e => e.Kind == IncidentEventKinds.Firing)
        && incident.Events.Any(e => e.Kind == IncidentEventKinds.FirstFailure);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
