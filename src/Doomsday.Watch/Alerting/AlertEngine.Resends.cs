namespace Doomsday.Watch.Alerting;

/// <summary>Re-sends to notifiers that forget alerts not told again (Alertmanager): docs/alerting.md, "Re-sends to Alertmanager".</summary>
public sealed partial class AlertEngine
{
    // When each (alert, re-sending notifier) was last told the alert fires. In memory only, on purpose: an
    // engine built after a restart knows none, so every firing alert is re-sent at its first round.
    private readonly Dictionary<string, Dictionary<string, DateTimeOffset>> _lastTold = new(StringComparer.Ordinal);

    /// <summary>
    /// Tells every re-sending notifier (<see cref="AlertingOptions.ResendEvery"/>) that was told this alert
    /// fires that it still does, once its interval has passed since it was last told (at once for an engine
    /// that never told it: after a restart). One notification for all notifiers due together; no incident
    /// event and no state change, so a quiet round stays quiet in the store. It carries the severity last
    /// notified: the receiver knows the alert by that label set until a notification changes it.
    /// </summary>
    private void Resend(Round round, AlertState s)
    {
        if (s.Sequence == 0 || _options.ResendEvery.Count == 0) return;
        var now = round.Now;
        _lastTold.TryGetValue(s.Fingerprint, out var told);
        List<string>? due = null;
        foreach (var n in s.NotifiedTo)
        {
            if (!_options.ResendEvery.TryGetValue(n, out var every)) continue;
            if (told is not null && told.TryGetValue(n, out var last) && now - last < every) continue;
            (due ??= []).Add(n);
        }
        if (due is null) return;
        var id = NotificationIds.ForResend(s, now);
        var asTold = s with { Severity = s.NotifiedSeverity ?? s.Severity };
        round.Notifications.Add(new(Build(asTold, id, "firing", NotificationIds.Resend, now) with { IsResend = true }, due));
        Told(s.Fingerprint, due, now);
    }

    private void Told(string fingerprint, IEnumerable<string> notifiers, DateTimeOffset at)
    {
        if (_options.ResendEvery.Count == 0) return;
        if (!_lastTold.TryGetValue(fingerprint, out var told)) _lastTold[fingerprint] = told = new(StringComparer.Ordinal);
        foreach (var n in notifiers) told[n] = at;
    }

    private void Forget(string fingerprint) => _lastTold.Remove(fingerprint);
}
