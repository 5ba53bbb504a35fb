using Doomsday.Daemon.Logging;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Notifiers.Delivery;
using Doomsday.Watch.Store;

namespace Doomsday.Daemon.AlertRounds;

/// <summary>
/// Persists what the engine decided in one round (outbox rows, incident events, alert-state upserts and
/// deletes) in one store transaction: all or nothing. A write the store refuses (busy beyond its timeout,
/// disk full, the process killed) leaves the store as it was, so retrying the same decisions, or a
/// restarted engine deciding them again from the persisted states with the same notification ids, never
/// records an incident event twice nor an outbox row without its state. Log lines and the outbox's wake-up
/// follow the commit, so a refused round is not reported as done.
/// </summary>
internal sealed class DecisionWriter(DoomsdayStore store, Outbox outbox, Func<string, DateTimeOffset?> firstFailure, EventLog log)
{
    private const string Component = "alerts";
    private readonly Lock _lock = new();

    /// <summary>Writes <paramref name="decisions"/> atomically; throws (SqliteException) when the store refuses, having written nothing.</summary>
    public void Write(AlertDecisions decisions)
    {
        if (decisions.Notifications.Count == 0 && decisions.Events.Count == 0 && decisions.ChangedStates.Count == 0 && decisions.RemovedFingerprints.Count == 0) return;
        lock (_lock)
        {
            using (var tx = store.BeginTransaction())
            {
                foreach (var intent in decisions.Notifications) outbox.Enqueue(intent.Notification, intent.Notifiers, tx);
                foreach (var e in decisions.Events) store.Incidents.Record(e.Fingerprint, e.AlertName, ToIncidentEvent(e, decisions), tx);
                foreach (var s in decisions.ChangedStates) store.AlertStates.Put(s.Fingerprint, AlertStateJson.Serialize(s), tx);
                foreach (var fp in decisions.RemovedFingerprints) store.AlertStates.Delete(fp, tx);
                tx.Commit();
            }
            if (decisions.Notifications.Count > 0) outbox.Wake();
            foreach (var e in decisions.Events) Log(e);
        }
    }

    private IncidentEvent ToIncidentEvent(AlertEvent e, AlertDecisions decisions)
    {
        var notifiers = e.Notifiers is { Count: > 0 } n ? string.Join(",", n) : null;
        return e.Kind switch
        {
            // The first failure of a probe is the first failed run of the streak that took it down, earlier than the round that saw it held down.
            AlertEventKinds.Pending => new IncidentEvent(FirstFailureAt(e, decisions) ?? e.At, IncidentEventKinds.FirstFailure, e.Detail),
            AlertEventKinds.Firing => new IncidentEvent(e.At, IncidentEventKinds.Firing, e.Detail),
            AlertEventKinds.Acknowledged => new IncidentEvent(e.At, IncidentEventKinds.Acknowledged, e.Detail),
            AlertEventKinds.Resolved => new IncidentEvent(e.At, IncidentEventKinds.Resolved, e.Detail),
            // A pending alert that went away before its 'for': the incident it opened ends here.
            AlertEventKinds.Cleared => new IncidentEvent(e.At, IncidentEventKinds.Resolved, "cleared before firing" + (e.Detail.Length > 0 ? ": " + e.Detail : "")),
            _ => new IncidentEvent(e.At, e.Kind, e.Detail, notifiers, e.NotificationId),
        };
    }

    private DateTimeOffset? FirstFailureAt(AlertEvent e, AlertDecisions decisions)
    {
        var state = decisions.ChangedStates.FirstOrDefault(s => s.Fingerprint == e.Fingerprint);
        if (state is null || !state.Source.StartsWith("probe:", StringComparison.Ordinal)) return null;
        return firstFailure(state.Source["probe:".Length..]) is { } at && at <= e.At ? at : null;
    }

    private void Log(AlertEvent e)
    {
        switch (e.Kind)
        {
            case AlertEventKinds.Resolved:
                // The detail is the summary the alert fired with ("... is down"): said as what it was, not what it is.
                log.Write(LogEvents.AlertTransition, Component, $"{e.AlertName} {e.Fingerprint} resolved" + (e.Detail.Length > 0 ? $" (was: {e.Detail})" : ""),
                    new("alert", e.AlertName), new("fingerprint", e.Fingerprint), new("transition", e.Kind));
                break;
            case AlertEventKinds.Firing:
            case AlertEventKinds.Escalated:
            case AlertEventKinds.Unrouted:
                log.Write(LogEvents.AlertTransition, Component, $"{e.AlertName} {e.Fingerprint} {e.Kind}" + (e.Detail.Length > 0 ? ": " + e.Detail : ""),
                    new("alert", e.AlertName), new("fingerprint", e.Fingerprint), new("transition", e.Kind));
                break;
            case AlertEventKinds.Notified:
                log.Write(LogEvents.NotificationQueued, Component, $"{e.AlertName} {e.Fingerprint} notification queued for {string.Join(",", e.Notifiers ?? [])}",
                    new("alert", e.AlertName), new("fingerprint", e.Fingerprint), new("notifiers", string.Join(",", e.Notifiers ?? [])));
                break;
        }
    }
}
