using Doomsday.Watch.Notifiers;

namespace Doomsday.Watch.Alerting;

/// <summary>
/// Silences kept by another system (an Alertmanager) that also hold back this daemon's own notifiers.
/// Asked by the engine for each notification it is about to route; must answer from memory (no I/O),
/// and answer null when it does not know (fail-open: a notification is never lost to an outage).
/// </summary>
public interface IExternalSilences
{
    /// <summary>The silence that mutes <paramref name="notification"/> for the notifier named <paramref name="notifier"/>, or null.</summary>
    ExternalSilence? Silencing(Notification notification, string notifier);
}

/// <summary>An external silence as the incident log names it: where it lives (<c>alertmanager am</c>), its id, who and why.</summary>
public sealed record ExternalSilence(string Source, string Id, string CreatedBy, string Comment)
{
    public override string ToString() => $"{Source} silence {Id} by {CreatedBy}" + (Comment.Length > 0 ? ": " + Comment : "");
}
