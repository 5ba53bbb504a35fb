using System.Globalization;
using Doomsday.Watch.Notifiers;

namespace Doomsday.Watch.Alerting;

/// <summary>
/// The alerting state machine (docs/alerting.md). Pure logic: no I/O, time from the injected
/// <see cref="TimeProvider"/>. Each round the daemon calls <see cref="Evaluate"/> with every active
/// condition; the engine moves each alert pending → firing → resolved, decides which notifications are due
/// (first firing, escalation, repeat, resolution), withholds those silenced, in a maintenance window or
/// acknowledged, and returns the decisions for the daemon to persist. Thread-safe (one lock): the HTTP API may
/// add silences or acknowledgements while a round runs. One alert, route, silence or window that throws
/// (a pattern the engine cannot compile, a bug) never stops the others: the alert is left as it was before
/// the round, a broken route, silence or window counts as not matching, and each failure is reported in
/// <see cref="AlertDecisions.Failures"/>.
/// </summary>
public sealed partial class AlertEngine
{
    private readonly TimeProvider _time;
    private readonly object _lock = new();
    private readonly Dictionary<string, AlertState> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Silence> _silences = new(StringComparer.Ordinal);
    private AlertingOptions _options;
    private IReadOnlyList<EscalationStep> _steps;

    /// <param name="persisted">States loaded from the store: the engine continues where the last one stopped.</param>
    /// <param name="silences">Silences loaded from the store.</param>
    public AlertEngine(AlertingOptions options, TimeProvider time, IEnumerable<AlertState>? persisted = null, IEnumerable<Silence>? silences = null)
    {
        _time = time;
        _options = options;
        _steps = Sorted(options.Escalation);
        foreach (var s in persisted ?? []) _states[s.Fingerprint] = s;
        foreach (var s in silences ?? []) _silences[s.Id] = s;
    }

    public IReadOnlyList<AlertState> States
    {
        get { lock (_lock) return _states.Values.OrderBy(s => s.Fingerprint, StringComparer.Ordinal).ToList(); }
    }

    public IReadOnlyList<Silence> Silences
    {
        get { lock (_lock) return _silences.Values.OrderBy(s => s.Id, StringComparer.Ordinal).ToList(); }
    }

    /// <summary>
    /// The pending and firing alerts all of <paramref name="matchers"/> match, on the labels silences see (the
    /// alert's, the daemon's, <c>alertname</c>, <c>severity</c>); none for an empty list.
    /// </summary>
    public IReadOnlyList<AlertState> Matching(IReadOnlyList<SilenceMatcher> matchers)
    {
        if (matchers.Count == 0) return [];
        lock (_lock)
        {
            return _states.Values
                .Where(s => s.Status != AlertStatus.Resolved)
                .Where(s => matchers.All(m => m.Matches(LabelPattern.Effective(s.Name, s.Severity, s.Labels, _options.ExternalLabels))))
                .OrderBy(s => s.Fingerprint, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Config reload: new routes, schedule, windows. States and silences are kept.</summary>
    public void Reconfigure(AlertingOptions options)
    {
        lock (_lock)
        {
            _options = options;
            _steps = Sorted(options.Escalation);
        }
    }

    /// <summary>Adds or replaces (same id) a silence. It takes effect at the next round.</summary>
    public void AddSilence(Silence silence)
    {
        lock (_lock) _silences[silence.Id] = silence;
    }

    public bool RemoveSilence(string id)
    {
        lock (_lock) return _silences.Remove(id);
    }

    /// <summary>
    /// Acknowledges a pending or firing alert: its repeats are withheld until it resolves, escalates, or
    /// <paramref name="expiresAt"/> passes. Returns <see cref="AlertDecisions.None"/> when no such alert is active.
    /// </summary>
    public AlertDecisions Acknowledge(string fingerprint, string by, string comment = "", DateTimeOffset? expiresAt = null)
    {
        lock (_lock)
        {
            if (!_states.TryGetValue(fingerprint, out var s) || s.Status == AlertStatus.Resolved) return AlertDecisions.None;
            var now = _time.GetUtcNow();
            var acked = s with { Ack = new Acknowledgement(by, comment, now, expiresAt) };
            _states[fingerprint] = acked;
            var detail = $"by {by}" + (comment.Length > 0 ? ": " + comment : "") + (expiresAt is { } e ? $" (until {Iso(e)})" : "");
            return new([], [new(now, fingerprint, s.Name, AlertEventKinds.Acknowledged, detail)], [acked], []);
        }
    }

    /// <summary>
    /// Takes back an <see cref="Acknowledge"/> whose decisions the store refused, so the engine does not act
    /// on an ack that was reported as failed: puts <paramref name="previousAck"/> back when the alert still
    /// holds <paramref name="acked"/> (the state that call returned). Returns false when a round has moved
    /// the alert on since; that round's own write then carries the ack.
    /// </summary>
    public bool RevertAcknowledge(AlertState acked, Acknowledgement? previousAck)
    {
        lock (_lock)
        {
            if (!_states.TryGetValue(acked.Fingerprint, out var s) || !ReferenceEquals(s, acked)) return false;
            _states[acked.Fingerprint] = acked with { Ack = previousAck };
            return true;
        }
    }

    /// <summary>Removes an acknowledgement (repeats resume at once if one is due).</summary>
    public AlertDecisions Unacknowledge(string fingerprint, string by)
    {
        lock (_lock)
        {
            if (!_states.TryGetValue(fingerprint, out var s) || s.Ack is null) return AlertDecisions.None;
            var now = _time.GetUtcNow();
            var cleared = s with { Ack = null, SuppressedBy = s.SuppressedBy == "ack" ? null : s.SuppressedBy };
            _states[fingerprint] = cleared;
            return new([], [new(now, fingerprint, s.Name, AlertEventKinds.Unacknowledged, $"removed by {by}")], [cleared], []);
        }
    }

    public IReadOnlyList<AlertMetricSample> Metrics()
    {
        lock (_lock) return AlertMetrics.Collect(_states.Values, _silences.Values, _time.GetUtcNow());
    }

    public AlertDecisions Evaluate(AlertRound round)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var round1 = new Round(now);
            CheckPatterns(round1);

            // Deduplicate: one condition per fingerprint, the most severe.
            var seen = new Dictionary<string, AlertCondition>(StringComparer.Ordinal);
            foreach (var c in round.Conditions)
            {
                var fp = c.Fingerprint;
                if (!seen.TryGetValue(fp, out var prior) || AlertSeverities.Rank(c.Severity) > AlertSeverities.Rank(prior.Severity)) seen[fp] = c;
            }
            var evaluated = new HashSet<string>(round.EvaluatedSources, StringComparer.Ordinal);
            foreach (var c in seen.Values) evaluated.Add(c.Source);

            foreach (var (fp, c) in seen) Isolated(round1, fp, c.Name, () => Observe(round1, fp, c));

            foreach (var s in _states.Values.ToList())
            {
                if (seen.ContainsKey(s.Fingerprint)) continue;
                if (s.Status == AlertStatus.Resolved)
                {
                    if (s.ResolvedAt is { } r && now - r >= _options.ResolvedRetention) Remove(round1, s.Fingerprint);
                    continue;
                }
                if (evaluated.Contains(s.Source)) Isolated(round1, s.Fingerprint, s.Name, () => Absent(round1, s));
            }

            foreach (var s in _states.Values.Where(s => s.Status == AlertStatus.Firing && s.ClearedAt is null).ToList())
            {
                Isolated(round1, s.Fingerprint, s.Name, () => Decide(round1, s));
            }

            foreach (var s in _states.Values.Where(s => s.Status == AlertStatus.Firing).ToList())
            {
                Isolated(round1, s.Fingerprint, s.Name, () => Resend(round1, s));
            }

            return new AlertDecisions(round1.Notifications, round1.Events,
                round1.Changed.Items.Where(_states.ContainsKey).Select(fp => _states[fp]).ToList(), round1.Removed.Items.ToList())
            {
                Failures = round1.Failures,
            };
        }
    }

    private void Observe(Round round, string fp, AlertCondition c)
    {
        var now = round.Now;
        _states.TryGetValue(fp, out var s);
        if (s is null || s.Status == AlertStatus.Resolved)
        {
            s = new AlertState
            {
                Fingerprint = fp, Name = c.Name, Source = c.Source, Labels = c.Labels, Severity = c.Severity,
                Summary = c.Summary, Detail = c.Detail, Runbook = c.Runbook, NotAfter = c.NotAfter,
                Status = AlertStatus.Pending, FirstSeenAt = now,
            };
            round.Event(s, AlertEventKinds.Pending, c.Summary);
            Put(round, s);
        }
        else
        {
            var updated = s with
            {
                Source = c.Source, Severity = c.Severity, Summary = c.Summary, Detail = c.Detail, Runbook = c.Runbook,
                NotAfter = c.NotAfter, ClearedAt = null,
            };
            Put(round, updated);
            s = updated;
        }

        if (s.Status == AlertStatus.Pending)
        {
            var route = Route(round, s);
            if (now - s.FirstSeenAt >= route.For)
            {
                s = s with { Status = AlertStatus.Firing, FiringAt = now };
                round.Event(s, AlertEventKinds.Firing, s.Summary);
                Put(round, s);
            }
        }
    }

    private void Absent(Round round, AlertState s)
    {
        var now = round.Now;
        if (s.Status == AlertStatus.Pending)
        {
            round.Event(s, AlertEventKinds.Cleared, "condition cleared before firing");
            Remove(round, s.Fingerprint);
            return;
        }

        var clearedAt = s.ClearedAt ?? now;
        if (now - clearedAt < _options.KeepFiringFor)
        {
            Put(round, s with { ClearedAt = clearedAt });
            return;
        }

        var resolved = s with
        {
            Status = AlertStatus.Resolved, ClearedAt = clearedAt, ResolvedAt = clearedAt, Ack = null,
            SuppressedBy = null, NextNotificationAt = null, HeldFrom = [],
        };
        round.Event(resolved, AlertEventKinds.Resolved, s.Summary);
        Forget(s.Fingerprint);
        if (s.Sequence > 0 && s.NotifiedTo.Count > 0)
        {
            // Resolutions are sent whatever silences say: whoever was told "firing" must hear it ended. With the
            // severity they were last told: Alertmanager knows the alert by its labels, severity included.
            var sequence = s.Sequence + 1;
            var id = NotificationIds.For(s, sequence, NotificationIds.Resolved);
            round.Notify(Build(resolved with { Severity = s.NotifiedSeverity ?? s.Severity }, id, "resolved", NotificationIds.Resolved, now), s.NotifiedTo);
            resolved = resolved with { Sequence = sequence, LastNotifiedAt = now };
        }
        Put(round, resolved);
    }

    private void Decide(Round round, AlertState s)
    {
        var now = round.Now;
        var step = CurrentStep(s.NotAfter, now);

        string? transition = null;
        if (s.Sequence == 0) transition = NotificationIds.Firing;
        else if ((step is not null && (s.NotifiedStepBelow is not { } below || step.Below < below))
                 || AlertSeverities.Rank(s.Severity) > AlertSeverities.Rank(s.NotifiedSeverity))
            transition = NotificationIds.Escalated;
        else if (s.NextNotificationAt is { } next && now >= next) transition = NotificationIds.Repeat;

        if (s.Ack is { } ack)
        {
            if (!ack.IsActive(now))
            {
                s = s with { Ack = null };
                round.Event(s, AlertEventKinds.Unacknowledged, $"acknowledgement by {ack.By} expired");
            }
            else if (transition == NotificationIds.Escalated)
            {
                s = s with { Ack = null };
                round.Event(s, AlertEventKinds.Unacknowledged, $"acknowledgement by {ack.By} ended: the alert escalated");
            }
        }
        if (transition == NotificationIds.Escalated)
        {
            round.Event(s, AlertEventKinds.Escalated, step is null ? $"severity {s.Severity}" : $"severity {s.Severity}, less than {Text(step.Below)} left, every {Text(step.Every)}");
        }

        var effective = LabelPattern.Effective(s.Name, s.Severity, s.Labels, _options.ExternalLabels);
        var silence = _silences.Values.OrderBy(x => x.Id, StringComparer.Ordinal)
            .FirstOrDefault(x => x.IsActive(now) && Safely(round, $"silence {x.Id}", () => x.Matches(effective)));
        var window = silence is null
            ? _options.MaintenanceWindows.FirstOrDefault(w => Safely(round, $"maintenance window {w.Name}", () => InWindow(w, now, effective)))
            : null;
        var suppressedBy = silence is not null ? "silence:" + silence.Id
            : window is not null ? "maintenance:" + window.Name
            : s.Ack is not null ? "ack" : null;
        s = s with { SuppressedBy = suppressedBy };

        if (transition is not null)
        {
            var sequence = s.Sequence + 1;
            var id = NotificationIds.For(s, sequence, transition);
            var why = silence is not null ? $"silence {silence.Id} by {silence.CreatedBy}" + (silence.Comment.Length > 0 ? ": " + silence.Comment : "")
                : window is not null ? $"maintenance window {window.Name}"
                : transition == NotificationIds.Repeat && s.Ack is { } a ? $"acknowledged by {a.By}"
                : null;
            if (why is not null)
            {
                if (s.LastSuppressedId != id)
                {
                    round.Event(s, AlertEventKinds.Suppressed, why, id);
                    s = s with { LastSuppressedId = id };
                }
            }
            else
            {
                var route = Route(round, s);
                if (route.Notifiers.Count == 0)
                {
                    if (s.LastSuppressedId != id)
                    {
                        round.Event(s, AlertEventKinds.Unrouted, "no route matched and no default notifiers", id);
                        s = s with { LastSuppressedId = id };
                    }
                }
                else
                {
                    // A notification that changes the severity told: receivers that know alerts by their labels
                    // (Alertmanager) end the alert they know under the previous one.
                    var previous = s.NotifiedSeverity is { } told && told != s.Severity ? told : null;
                    var notification = Build(s, id, "firing", transition, now) with { PreviousSeverity = previous };
                    var (send, held) = HoldBack(notification, route.Notifiers);
                    if (held.Count > 0 && s.LastSuppressedId != id)
                    {
                        var silences = string.Join("; ", held.Select(h => h.Silence).Distinct().Select(x => x.ToString()));
                        round.Event(s, AlertEventKinds.Suppressed, $"{silences} (for {string.Join(", ", held.Select(h => h.Notifier))})", id);
                        s = s with { LastSuppressedId = id };
                    }
                    if (send.Count == 0)
                    {
                        // every notifier held back: as under a silence of this engine, it is sent when the silence ends
                        Put(round, s with { SuppressedBy = "external:" + held[0].Silence.Id });
                        return;
                    }
                    round.Notify(notification, send);
                    Told(s.Fingerprint, send, now);
                    var every = s.NotAfter is null ? _options.RepeatInterval : step?.Every;
                    DateTimeOffset? nextAt = null;
                    if (every is { } e)
                    {
                        // Repeats keep their own rhythm (no drift from round timing); after a long outage one catch-up, then the rhythm again.
                        nextAt = transition == NotificationIds.Repeat && s.NextNotificationAt is { } due ? due + e : now + e;
                        if (nextAt <= now) nextAt = now + e;
                    }
                    s = s with
                    {
                        Sequence = sequence, LastNotifiedAt = now, NextNotificationAt = nextAt,
                        NotifiedStepBelow = step?.Below ?? s.NotifiedStepBelow, NotifiedSeverity = s.Severity,
                        NotifiedTo = s.NotifiedTo.Union(send, StringComparer.Ordinal).ToList(),
                        HeldFrom = held.Select(h => h.Notifier).ToList(),
                    };
                }
            }
        }
        else if (s.HeldFrom.Count > 0 && suppressedBy is null)
        {
            s = CatchUp(round, s);
        }
        Put(round, s);
    }

    /// <summary>Routing in which a route that throws is skipped (later routes and the defaults still apply) and reported.</summary>
    private RouteMatch Route(Round round, AlertState s) =>
        AlertRouter.Route(_options, s.Name, s.Severity, s.Labels, (index, e) => RouteFailed(round, index, e));

    private static void RouteFailed(Round round, int index, Exception e) =>
        round.Failed($"routes[{index}]: {Describe(e)}; the route is skipped (later routes and the default notifiers still apply)");

    /// <summary>
    /// Every round, whether or not an alert needs routing: a route or window whose label pattern cannot be
    /// evaluated is reported with the same message as when an alert meets it, so /healthz and DoomsdayDegraded do
    /// not turn healthy in a quiet round while the route is still broken. Compiled patterns are cached, so this
    /// costs a dictionary look-up per pattern.
    /// </summary>
    private void CheckPatterns(Round round)
    {
        for (var index = 0; index < _options.Routes.Count; index++)
        {
            if (Unusable(_options.Routes[index].Labels) is { } e) RouteFailed(round, index, e);
        }
        foreach (var w in _options.MaintenanceWindows)
        {
            if (Unusable(w.Labels) is { } e) round.Failed($"maintenance window {w.Name}: {Describe(e)}; it matches nothing until fixed");
        }
    }

    private static Exception? Unusable(IReadOnlyDictionary<string, string> patterns)
    {
        foreach (var pattern in patterns.Values)
        {
            try
            {
                _ = LabelPattern.Matches(pattern, "");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return e;
            }
        }
        return null;
    }

    /// <summary>A label test that throws is reported and counts as not matching.</summary>
    private static bool Safely(Round round, string what, Func<bool> test)
    {
        try
        {
            return test();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            round.Failed($"{what}: {Describe(e)}; it matches nothing until fixed");
            return false;
        }
    }

    /// <summary>
    /// Runs one alert's step of the round. If it throws, everything it did this round is undone (its state,
    /// its events and notifications) so it is tried again next round from where it was, and the failure is
    /// reported; the other alerts are not affected.
    /// </summary>
    private void Isolated(Round round, string fingerprint, string name, Action step)
    {
        var mark = round.Mark(fingerprint);
        _states.TryGetValue(fingerprint, out var before);
        try
        {
            step();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            round.Rollback(mark, fingerprint);
            if (before is null) _states.Remove(fingerprint);
            else _states[fingerprint] = before;
            round.Failed($"alert {name} {fingerprint}: {Describe(e)}; the alert keeps its state until it can be evaluated");
        }
    }

    /// <summary>An exception in one line (never a stack trace).</summary>
    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}";


    /// <summary>The notifiers to send to now, and those an external silence holds back (<see cref="AlertingOptions.ExternalSilences"/>).</summary>
    private (List<string> Send, List<(string Notifier, ExternalSilence Silence)> Held) HoldBack(Notification n, IReadOnlyList<string> notifiers)
    {
        var send = new List<string>(notifiers.Count);
        var held = new List<(string, ExternalSilence)>();
        foreach (var name in notifiers)
        {
            if (_options.ExternalSilences?.Silencing(n, name) is { } silence) held.Add((name, silence));
            else send.Add(name);
        }
        return (send, held);
    }

    /// <summary>
    /// The notifiers an external silence held back from the last notification get it (as a repeat, with
    /// the severity the others were told) once that silence no longer holds them, as Alertmanager notifies
    /// its receivers when a silence ends.
    /// </summary>
    private AlertState CatchUp(Round round, AlertState s)
    {
        var sequence = s.Sequence + 1;
        var id = NotificationIds.For(s, sequence, NotificationIds.Repeat);
        var notification = Build(s with { Severity = s.NotifiedSeverity ?? s.Severity }, id, "firing", NotificationIds.Repeat, round.Now);
        var (send, held) = HoldBack(notification, s.HeldFrom);
        if (send.Count == 0) return s;
        round.Notify(notification, send);
        Told(s.Fingerprint, send, round.Now);
        return s with
        {
            Sequence = sequence, LastNotifiedAt = round.Now, HeldFrom = held.Select(h => h.Notifier).ToList(),
            NotifiedTo = s.NotifiedTo.Union(send, StringComparer.Ordinal).ToList(),
        };
    }

    private Notification Build(AlertState s, string id, string status, string transition, DateTimeOffset now)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal) { ["transition"] = transition };
        if (s.Runbook is { Length: > 0 } runbook) annotations["runbook"] = runbook;
        if (s.NotAfter is { } notAfter) annotations["not_after"] = Iso(notAfter);
        return new Notification
        {
            Id = id, AlertName = s.Name, Fingerprint = s.Fingerprint, Status = status, Severity = s.Severity,
            Summary = s.Summary, Detail = s.Detail, Labels = LabelPattern.WithExternal(s.Labels, _options.ExternalLabels), Annotations = annotations,
            StartsAt = s.FirstSeenAt, EndsAt = status == "resolved" ? s.ResolvedAt : null, CreatedAt = now,
        };
    }

    /// <summary>The most urgent step whose <c>Below</c> the time left has reached (left ≤ Below, as Thresholds counts); null: none yet.</summary>
    private EscalationStep? CurrentStep(DateTimeOffset? notAfter, DateTimeOffset now) =>
        notAfter is { } na ? _steps.LastOrDefault(step => na - now <= step.Below) : null;

    private static bool InWindow(MaintenanceWindow w, DateTimeOffset now, IReadOnlyDictionary<string, string> labels) =>
        w.Start <= now && now < w.End && w.Labels.All(l => LabelPattern.Matches(l.Value, labels.GetValueOrDefault(l.Key, "")));

    private static IReadOnlyList<EscalationStep> Sorted(IReadOnlyList<EscalationStep> steps) =>
        steps.OrderByDescending(s => s.Below).ToList();

    private void Put(Round round, AlertState s)
    {
        if (_states.TryGetValue(s.Fingerprint, out var old) && old.Equals(s)) return;
        _states[s.Fingerprint] = s;
        round.Changed.Add(s.Fingerprint);
        round.Removed.Remove(s.Fingerprint);
    }

    private void Remove(Round round, string fp)
    {
        Forget(fp);
        _states.Remove(fp);
        round.Changed.Remove(fp);
        round.Removed.Add(fp);
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Text(TimeSpan t) => t.TotalDays >= 1 && t.TotalDays == Math.Floor(t.TotalDays) ? $"{t.TotalDays:0}d"
        : t.TotalHours >= 1 && t.TotalHours == Math.Floor(t.TotalHours) ? $"{t.TotalHours:0}h"
        : $"{t.TotalMinutes:0}m";

    /// <summary>The decisions of one round as they accumulate.</summary>
    private sealed class Round(DateTimeOffset now)
    {
        public DateTimeOffset Now { get; } = now;
        public List<NotificationIntent> Notifications { get; } = [];
        public List<AlertEvent> Events { get; } = [];
        /// <summary>Ordered sets: the order fingerprints first changed in.</summary>
        public OrderedSet Changed { get; } = new();
        public OrderedSet Removed { get; } = new();

        public void Event(AlertState s, string kind, string detail, string? notificationId = null, IReadOnlyList<string>? notifiers = null) =>
            Events.Add(new(Now, s.Fingerprint, s.Name, kind, detail, notificationId, notifiers));

        public void Notify(Notification n, IReadOnlyList<string> notifiers)
        {
            Notifications.Add(new(n, notifiers));
            Events.Add(new(Now, n.Fingerprint, n.AlertName, AlertEventKinds.Notified, $"{n.Status} to {string.Join(", ", notifiers)}", n.Id, notifiers));
        }

        /// <summary>What failed this round, each message once, in the order first met.</summary>
        public List<string> Failures { get; } = [];

        public void Failed(string message)
        {
            if (!Failures.Contains(message, StringComparer.Ordinal)) Failures.Add(message);
        }

        public (int Events, int Notifications, bool Changed, bool Removed) Mark(string fingerprint) =>
            (Events.Count, Notifications.Count, Changed.Contains(fingerprint), Removed.Contains(fingerprint));

        /// <summary>Undoes what one alert's step added since <paramref name="mark"/> (taken for that fingerprint).</summary>
        public void Rollback((int Events, int Notifications, bool Changed, bool Removed) mark, string fingerprint)
        {
            Events.RemoveRange(mark.Events, Events.Count - mark.Events);
            Notifications.RemoveRange(mark.Notifications, Notifications.Count - mark.Notifications);
            if (mark.Changed) Changed.Add(fingerprint);
            else Changed.Remove(fingerprint);
            if (mark.Removed) Removed.Add(fingerprint);
            else Removed.Remove(fingerprint);
        }
    }

    /// <summary>Insertion-ordered set of fingerprints.</summary>
    private sealed class OrderedSet
    {
        private readonly HashSet<string> _set = new(StringComparer.Ordinal);
        private readonly List<string> _order = [];
        private readonly HashSet<string> _listed = new(StringComparer.Ordinal);

        public IEnumerable<string> Items => _order.Where(_set.Contains);

        public void Add(string fp)
        {
            if (_set.Add(fp) && _listed.Add(fp)) _order.Add(fp);
        }

        public void Remove(string fp) => _set.Remove(fp);

        public bool Contains(string fp) => _set.Contains(fp);
    }
}
