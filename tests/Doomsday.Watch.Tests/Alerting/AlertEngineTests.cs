using Doomsday.Core.Certificates;
using Doomsday.Watch.Alerting;
using Microsoft.Extensions.Time.Testing;
using static Doomsday.Watch.Tests.Alerting.AlertSamples;

namespace Doomsday.Watch.Tests.Alerting;

public class AlertEngineTests
{
    private readonly FakeTimeProvider _clock = new(T0);

    private AlertEngine Engine(AlertingOptions? options = null) => new(options ?? Options(), _clock);

    private static List<string> Kinds(AlertDecisions d, string fingerprint) =>
        d.Events.Where(e => e.Fingerprint == fingerprint).Select(e => e.Kind).ToList();

    // ---- certificate escalation over months ----

    [Fact]
    public void Evaluate_CertificateThroughMonths_NotifiesAtEachCrossingAndRepeatsFasterAsTheDayNears()
    {
        var notAfter = T0 + TimeSpan.FromDays(100);
        var engine = Engine();
        var sent = new List<(DateTimeOffset At, string Transition, string Id)>();

        void RoundAt(DateTimeOffset t)
        {
            _clock.SetUtcNow(t);
            var severity = Thresholds.Default.Classify(T0 - TimeSpan.FromDays(365), notAfter, t);
            // As the daemon does: a certificate is a condition once it is below the warning threshold.
            var conditions = severity == Severity.Ok ? [] : new[] { Certificate("/pki/apiserver.crt", notAfter, severity.ToWire()) };
            var d = engine.Evaluate(Round(["certificates"], conditions));
            sent.AddRange(d.Notifications.Select(n => (t, n.Notification.Annotations["transition"], n.Notification.Id)));
        }

        for (var day = 0; day <= 93; day++) RoundAt(T0 + TimeSpan.FromDays(day));
        for (var hour = 1; hour <= 168; hour++) RoundAt(T0 + TimeSpan.FromDays(93) + TimeSpan.FromHours(hour));
        for (var m = 5; m <= 120; m += 5) RoundAt(notAfter + TimeSpan.FromMinutes(m));

        var expected = new List<(DateTimeOffset, string)> { (T0 + TimeSpan.FromDays(10), "firing") };          // 90 days left
        for (var day = 17; day <= 66; day += 7) expected.Add((T0 + TimeSpan.FromDays(day), "repeat"));       // weekly
        expected.Add((T0 + TimeSpan.FromDays(70), "escalated"));                                              // 30 days left
        for (var day = 71; day <= 92; day++) expected.Add((T0 + TimeSpan.FromDays(day), "repeat"));          // daily
        expected.Add((T0 + TimeSpan.FromDays(93), "escalated"));                                              // 7 days left
        for (var hour = 1; hour < 168; hour++) expected.Add((T0 + TimeSpan.FromDays(93) + TimeSpan.FromHours(hour), "repeat")); // hourly
        expected.Add((notAfter, "escalated"));                                                                // expired
        for (var m = 15; m <= 120; m += 15) expected.Add((notAfter + TimeSpan.FromMinutes(m), "repeat"));    // every 15 minutes

        Assert.Equal(expected, sent.Select(s => (s.At, s.Transition)).ToList());
        Assert.Equal(sent.Count, sent.Select(s => s.Id).Distinct().Count());
    }

    [Fact]
    public void Evaluate_CertificateFirstSeenInsideLastWeek_NotifiesAtOnceThenHourly()
    {
        var notAfter = T0 + TimeSpan.FromDays(3);
        var engine = Engine();
        var condition = Certificate("/pki/etcd.crt", notAfter, "emergency");

        var first = engine.Evaluate(Round(condition));
        _clock.Advance(TimeSpan.FromMinutes(59));
        var early = engine.Evaluate(Round(condition));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var due = engine.Evaluate(Round(condition));

        Assert.Equal("firing", Assert.Single(first.Notifications).Notification.Annotations["transition"]);
        Assert.Empty(early.Notifications);
        Assert.Equal("repeat", Assert.Single(due.Notifications).Notification.Annotations["transition"]);
    }

    [Fact]
    public void Evaluate_ScanFailedForItsSource_CertificateAlertKeptAndStillRepeats()
    {
        var engine = Engine();
        var condition = Certificate("/pki/apiserver.crt", T0 + TimeSpan.FromDays(5), "emergency");
        engine.Evaluate(Round(condition));

        _clock.Advance(TimeSpan.FromHours(1));
        var failedScan = engine.Evaluate(Round(["probe:etcd"]));   // "certificates" not evaluated this round

        Assert.DoesNotContain(failedScan.Events, e => e.Kind == AlertEventKinds.Resolved);
        Assert.Equal("repeat", Assert.Single(failedScan.Notifications).Notification.Annotations["transition"]);
        Assert.Equal(AlertStatus.Firing, Assert.Single(engine.States).Status);
    }

    // ---- state machine ----

    [Fact]
    public void Evaluate_RouteWithFor_FiresOnlyAfterConditionHeldThatLong()
    {
        var engine = Engine(Options(new RouteOptions { Notifiers = ["oncall"], For = TimeSpan.FromMinutes(2) }));
        var down = ProbeDown("etcd");

        var r0 = engine.Evaluate(Round(down));
        _clock.Advance(TimeSpan.FromSeconds(119));
        var r1 = engine.Evaluate(Round(down));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var r2 = engine.Evaluate(Round(down));

        Assert.Equal([AlertEventKinds.Pending], Kinds(r0, down.Fingerprint));
        Assert.Empty(r0.Notifications);
        Assert.Empty(r1.Notifications);
        Assert.Equal([AlertEventKinds.Firing, AlertEventKinds.Notified], Kinds(r2, down.Fingerprint));
        var n = Assert.Single(r2.Notifications);
        Assert.Equal(["oncall"], n.Notifiers);
        Assert.Equal("firing", n.Notification.Status);
        Assert.Equal(T0, n.Notification.StartsAt);
    }

    [Fact]
    public void Evaluate_PendingThatClears_NeverNotifies()
    {
        var engine = Engine(Options(new RouteOptions { Notifiers = ["oncall"], For = TimeSpan.FromMinutes(2) }));
        var down = ProbeDown("etcd");

        engine.Evaluate(Round(down));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var cleared = engine.Evaluate(Round([down.Source]));
        _clock.Advance(TimeSpan.FromMinutes(5));
        var later = engine.Evaluate(Round([down.Source]));

        Assert.Equal([AlertEventKinds.Cleared], Kinds(cleared, down.Fingerprint));
        Assert.Equal([down.Fingerprint], cleared.RemovedFingerprints);
        Assert.Empty(cleared.Notifications);
        Assert.Empty(later.Notifications);
        Assert.Empty(engine.States);
    }

    [Fact]
    public void Evaluate_ConditionGone_ResolvedNotificationToWhoeverGotTheFiringOne()
    {
        var engine = Engine(Options(new RouteOptions { Notifiers = ["oncall", "hooks"] }));
        var down = ProbeDown("etcd");
        var firing = engine.Evaluate(Round(down));

        _clock.Advance(TimeSpan.FromSeconds(30));
        var resolved = engine.Evaluate(Round([down.Source]));

        var n = Assert.Single(resolved.Notifications);
        Assert.Equal("resolved", n.Notification.Status);
        Assert.Equal(T0 + TimeSpan.FromSeconds(30), n.Notification.EndsAt);
        Assert.Equal(["oncall", "hooks"], n.Notifiers);
        Assert.NotEqual(firing.Notifications[0].Notification.Id, n.Notification.Id);
        Assert.Equal([AlertEventKinds.Resolved, AlertEventKinds.Notified], Kinds(resolved, down.Fingerprint));
        Assert.Equal(AlertStatus.Resolved, Assert.Single(resolved.ChangedStates).Status);
    }

    [Fact]
    public void Evaluate_ResolvedAlertReturns_NewEpisodeWithNewIds()
    {
        var engine = Engine();
        var down = ProbeDown("etcd");
        var first = engine.Evaluate(Round(down)).Notifications.Single().Notification.Id;
        _clock.Advance(TimeSpan.FromMinutes(1));
        engine.Evaluate(Round([down.Source]));
        _clock.Advance(TimeSpan.FromMinutes(1));

        var again = engine.Evaluate(Round(down));

        var n = Assert.Single(again.Notifications).Notification;
        Assert.Equal("firing", n.Annotations["transition"]);
        Assert.NotEqual(first, n.Id);
        Assert.Equal(T0 + TimeSpan.FromMinutes(2), n.StartsAt);
    }

    [Fact]
    public void Evaluate_FlappingWithinKeepFiringFor_NoNotificationAtAll()
    {
        var engine = Engine(Options() with { KeepFiringFor = TimeSpan.FromMinutes(1) });
        var down = ProbeDown("etcd");
        engine.Evaluate(Round(down));

        var rounds = new List<AlertDecisions>();
        for (var i = 0; i < 6; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(15));
            rounds.Add(engine.Evaluate(i % 2 == 0 ? Round([down.Source]) : Round(down)));
        }
        _clock.Advance(TimeSpan.FromSeconds(15));
        var gone1 = engine.Evaluate(Round([down.Source]));
        _clock.Advance(TimeSpan.FromSeconds(59));
        var gone2 = engine.Evaluate(Round([down.Source]));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var gone3 = engine.Evaluate(Round([down.Source]));

        Assert.All(rounds, r => Assert.Empty(r.Notifications));
        Assert.Empty(gone1.Notifications);
        Assert.Empty(gone2.Notifications);
        Assert.Equal("resolved", Assert.Single(gone3.Notifications).Notification.Status);
        Assert.Equal(T0 + TimeSpan.FromSeconds(105), gone3.Notifications[0].Notification.EndsAt);
    }

    [Fact]
    public void Evaluate_ProbeFiring_RepeatsEveryRepeatInterval()
    {
        var engine = Engine(Options() with { RepeatInterval = TimeSpan.FromHours(4) });
        var down = ProbeDown("apiserver");
        var at = new List<DateTimeOffset>();

        for (var t = TimeSpan.Zero; t <= TimeSpan.FromHours(12); t += TimeSpan.FromMinutes(15))
        {
            _clock.SetUtcNow(T0 + t);
            if (engine.Evaluate(Round(down)).Notifications.Count > 0) at.Add(T0 + t);
        }

        Assert.Equal([T0, T0 + TimeSpan.FromHours(4), T0 + TimeSpan.FromHours(8), T0 + TimeSpan.FromHours(12)], at);
    }

    [Fact]
    public void Evaluate_SeverityRises_NotifiesEscalationAtOnce()
    {
        var engine = Engine();
        engine.Evaluate(Round(ProbeDown("shop", "warning")));
        _clock.Advance(TimeSpan.FromMinutes(1));

        var same = engine.Evaluate(Round(ProbeDown("shop", "warning")));
        var worse = engine.Evaluate(Round(ProbeDown("shop", "critical")));

        Assert.Empty(same.Notifications);
        var n = Assert.Single(worse.Notifications).Notification;
        Assert.Equal("escalated", n.Annotations["transition"]);
        Assert.Equal("critical", n.Severity);
    }

    [Fact]
    public void Evaluate_QuietRound_ChangesNoState()
    {
        var engine = Engine();
        engine.Evaluate(Round(ProbeDown("etcd")));
        _clock.Advance(TimeSpan.FromMinutes(1));

        var quiet = engine.Evaluate(Round(ProbeDown("etcd")));

        Assert.Empty(quiet.ChangedStates);
        Assert.Empty(quiet.Events);
    }

    // ---- silences, acknowledgements, maintenance windows ----

    [Fact]
    public void Evaluate_Silenced_TrackedAndLoggedButNotNotifiedUntilSilenceEnds()
    {
        var engine = Engine();
        engine.AddSilence(new Silence
        {
            Id = "s1", CreatedBy = "alice", Comment = "etcd upgrade",
            Matchers = [new SilenceMatcher("probe", "etcd|apiserver", IsRegex: true), new SilenceMatcher("alertname", "ProbeDown")],
            StartsAt = T0, EndsAt = T0 + TimeSpan.FromHours(1),
        });
        var etcd = ProbeDown("etcd");
        var other = ProbeDown("etcd-backup"); // the regex must match the whole value

        var r0 = engine.Evaluate(Round(etcd, other));
        var silenced = engine.States.Single(s => s.Fingerprint == etcd.Fingerprint);
        _clock.Advance(TimeSpan.FromMinutes(30));
        var r1 = engine.Evaluate(Round(etcd, other));
        _clock.Advance(TimeSpan.FromMinutes(30));
        var r2 = engine.Evaluate(Round(etcd, other));

        Assert.Equal(other.Fingerprint, Assert.Single(r0.Notifications).Notification.Fingerprint);
        var suppressed = Assert.Single(r0.Events, e => e.Fingerprint == etcd.Fingerprint && e.Kind == AlertEventKinds.Suppressed);
        Assert.Contains("s1", suppressed.Detail);
        Assert.Contains("alice", suppressed.Detail);
        Assert.Equal("silence:s1", silenced.SuppressedBy);
        Assert.Equal(AlertStatus.Firing, silenced.Status);
        Assert.Empty(r1.Events);   // logged once, not every round
        var after = Assert.Single(r2.Notifications).Notification;
        Assert.Equal(etcd.Fingerprint, after.Fingerprint);
        Assert.Equal("firing", after.Annotations["transition"]);
        Assert.Null(engine.States.Single(s => s.Fingerprint == etcd.Fingerprint).SuppressedBy);
    }

    [Fact]
    public void Acknowledge_FiringProbe_SuppressesRepeatsUntilExpiry()
    {
        var engine = Engine(Options() with { RepeatInterval = TimeSpan.FromHours(1) });
        var down = ProbeDown("etcd");
        engine.Evaluate(Round(down));

        var ack = engine.Acknowledge(down.Fingerprint, "bob", "on it", expiresAt: T0 + TimeSpan.FromHours(3.5));
        var notified = new List<DateTimeOffset>();
        var suppressed = 0;
        for (var h = 1; h <= 5; h++)
        {
            _clock.SetUtcNow(T0 + TimeSpan.FromHours(h));
            var d = engine.Evaluate(Round(down));
            if (d.Notifications.Count > 0) notified.Add(_clock.GetUtcNow());
            suppressed += d.Events.Count(e => e.Kind == AlertEventKinds.Suppressed);
        }

        Assert.Equal(AlertEventKinds.Acknowledged, Assert.Single(ack.Events).Kind);
        Assert.Equal("bob", Assert.Single(ack.ChangedStates).Ack!.By);
        Assert.Equal([T0 + TimeSpan.FromHours(4), T0 + TimeSpan.FromHours(5)], notified);
        Assert.Equal(1, suppressed); // the one withheld repeat, logged once
    }

    [Fact]
    public void Acknowledge_Certificate_SuppressesRepeatsButNotEscalation()
    {
        var notAfter = T0 + TimeSpan.FromDays(40);
        var engine = Engine();
        var warning = Certificate("/pki/front-proxy-ca.crt", notAfter, "warning");
        engine.Evaluate(Round(warning));
        engine.Acknowledge(warning.Fingerprint, "carol");

        var transitions = new List<(int Day, string Transition)>();
        var events = new List<AlertEvent>();
        for (var day = 1; day <= 12; day++)
        {
            _clock.SetUtcNow(T0 + TimeSpan.FromDays(day));
            var severity = Thresholds.Default.Classify(T0 - TimeSpan.FromDays(300), notAfter, _clock.GetUtcNow()).ToWire();
            var d = engine.Evaluate(Round(Certificate("/pki/front-proxy-ca.crt", notAfter, severity)));
            transitions.AddRange(d.Notifications.Select(n => (day, n.Notification.Annotations["transition"])));
            events.AddRange(d.Events);
        }

        // Weekly repeat at day 7 withheld; crossing 30 days left at day 10 goes through and ends the ack; daily again after.
        Assert.Equal([(10, "escalated"), (11, "repeat"), (12, "repeat")], transitions);
        Assert.Contains(events, e => e.Kind == AlertEventKinds.Suppressed && e.At == T0 + TimeSpan.FromDays(7));
        Assert.Contains(events, e => e.Kind == AlertEventKinds.Unacknowledged && e.At == T0 + TimeSpan.FromDays(10));
        Assert.Null(engine.States.Single().Ack);
    }

    [Fact]
    public void Evaluate_MaintenanceWindow_WithholdsMatchingAlertsOnly()
    {
        var window = new MaintenanceWindow
        {
            Name = "etcd-upgrade", Start = T0 + TimeSpan.FromMinutes(10), End = T0 + TimeSpan.FromMinutes(70),
            Labels = new Dictionary<string, string> { ["probe"] = "~etcd-.*" },
        };
        var engine = Engine(Options() with { MaintenanceWindows = [window] });
        var etcd = ProbeDown("etcd-0");
        var api = ProbeDown("apiserver");

        _clock.SetUtcNow(T0 + TimeSpan.FromMinutes(20));
        var inside = engine.Evaluate(Round(etcd, api));
        _clock.SetUtcNow(T0 + TimeSpan.FromMinutes(70));
        var after = engine.Evaluate(Round(etcd, api));

        Assert.Equal(api.Fingerprint, Assert.Single(inside.Notifications).Notification.Fingerprint);
        Assert.Contains(inside.Events, e => e.Fingerprint == etcd.Fingerprint && e.Kind == AlertEventKinds.Suppressed && e.Detail.Contains("etcd-upgrade"));
        Assert.Equal(etcd.Fingerprint, Assert.Single(after.Notifications).Notification.Fingerprint);
    }

    [Fact]
    public void Evaluate_NoRouteAndNoDefault_LoggedAsUnrouted()
    {
        var engine = new AlertEngine(new AlertingOptions(), _clock);
        var down = ProbeDown("etcd");

        var d = engine.Evaluate(Round(down));

        Assert.Empty(d.Notifications);
        Assert.Contains(d.Events, e => e.Kind == AlertEventKinds.Unrouted);
    }

    [Fact]
    public void RemoveSilence_WhileAlertFiring_WithheldNotificationSentNextRound()
    {
        var engine = Engine();
        engine.AddSilence(new Silence
        {
            Id = "s1", CreatedBy = "alice", Matchers = [new SilenceMatcher("probe", "etcd")],
            StartsAt = T0, EndsAt = T0 + TimeSpan.FromDays(1),
        });
        var down = ProbeDown("etcd");
        var silenced = engine.Evaluate(Round(down));

        var removed = engine.RemoveSilence("s1");
        _clock.Advance(TimeSpan.FromSeconds(15));
        var next = engine.Evaluate(Round(down));

        Assert.Empty(silenced.Notifications);
        Assert.True(removed);
        Assert.Empty(engine.Silences);
        Assert.Equal(down.Fingerprint, Assert.Single(next.Notifications).Notification.Fingerprint);
    }

    [Fact]
    public void Unacknowledge_RepeatWithheld_SentNextRound()
    {
        var engine = Engine(Options() with { RepeatInterval = TimeSpan.FromHours(1) });
        var down = ProbeDown("etcd");
        engine.Evaluate(Round(down));
        engine.Acknowledge(down.Fingerprint, "bob");
        _clock.Advance(TimeSpan.FromHours(1));
        var withheld = engine.Evaluate(Round(down));

        var un = engine.Unacknowledge(down.Fingerprint, "bob");
        var next = engine.Evaluate(Round(down));

        Assert.Empty(withheld.Notifications);
        Assert.Equal(AlertEventKinds.Unacknowledged, Assert.Single(un.Events).Kind);
        Assert.Equal("repeat", Assert.Single(next.Notifications).Notification.Annotations["transition"]);
    }

    [Fact]
    public void Evaluate_ResolvedPastRetention_StateRemoved()
    {
        var engine = Engine(Options() with { ResolvedRetention = TimeSpan.FromDays(1) });
        var down = ProbeDown("etcd");
        engine.Evaluate(Round(down));
        engine.Evaluate(Round([down.Source]));

        _clock.Advance(TimeSpan.FromHours(23));
        var kept = engine.Evaluate(Round([down.Source]));
        _clock.Advance(TimeSpan.FromHours(1));
        var dropped = engine.Evaluate(Round([down.Source]));

        Assert.Empty(kept.RemovedFingerprints);
        Assert.Equal([down.Fingerprint], dropped.RemovedFingerprints);
        Assert.Empty(engine.States);
    }

    [Fact]
    public void Reconfigure_NewRoutes_UsedForTheNextNotification()
    {
        var engine = Engine(Options() with { RepeatInterval = TimeSpan.FromHours(1) });
        var down = ProbeDown("etcd");
        var before = engine.Evaluate(Round(down));

        engine.Reconfigure(Options(new RouteOptions { Notifiers = ["pager"] }) with { RepeatInterval = TimeSpan.FromHours(1) });
        _clock.Advance(TimeSpan.FromHours(1));
        var after = engine.Evaluate(Round(down));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var resolved = engine.Evaluate(Round([down.Source]));

        Assert.Equal(["default"], Assert.Single(before.Notifications).Notifiers);
        Assert.Equal(["pager"], Assert.Single(after.Notifications).Notifiers);
        Assert.Equal(["default", "pager"], Assert.Single(resolved.Notifications).Notifiers);
    }

    // ---- restart ----

    [Fact]
    public void Constructor_FromPersistedStates_NoDuplicateAndSameIdsAsTheOldEngine()
    {
        var options = Options() with { RepeatInterval = TimeSpan.FromHours(1) };
        var original = Engine(options);
        var down = ProbeDown("etcd");
        var cert = Certificate("/pki/apiserver.crt", T0 + TimeSpan.FromDays(20), "critical");
        var store = new Dictionary<string, string>();
        void Persist(AlertDecisions d)
        {
            foreach (var s in d.ChangedStates) store[s.Fingerprint] = AlertStateJson.Serialize(s);
            foreach (var fp in d.RemovedFingerprints) store.Remove(fp);
        }

        Persist(original.Evaluate(Round(down, cert)));
        _clock.Advance(TimeSpan.FromMinutes(10));
        var restarted = new AlertEngine(options, _clock, store.Values.Select(AlertStateJson.Deserialize));

        var afterRestart = restarted.Evaluate(Round(down, cert));
        var oldEngine = original.Evaluate(Round(down, cert));
        _clock.Advance(TimeSpan.FromMinutes(50));
        var dueRestarted = restarted.Evaluate(Round(down, cert));
        var dueOld = original.Evaluate(Round(down, cert));

        Assert.Empty(afterRestart.Notifications);
        Assert.Empty(oldEngine.Notifications);
        Assert.Equal(dueOld.Notifications.Select(n => n.Notification.Id), dueRestarted.Notifications.Select(n => n.Notification.Id));
        Assert.Single(dueRestarted.Notifications); // the probe's hourly repeat; the certificate repeats daily
    }

    [Fact]
    public void Constructor_CrashBeforeDecisionsWereStored_SameDecisionSameId()
    {
        var original = Engine();
        var down = ProbeDown("etcd");
        var persistedBefore = original.States.Select(AlertStateJson.Serialize).ToList(); // nothing yet

        var lost = original.Evaluate(Round(down)); // decided, but the daemon died before committing
        var restarted = new AlertEngine(Options(), _clock, persistedBefore.Select(AlertStateJson.Deserialize));
        var again = restarted.Evaluate(Round(down));

        Assert.Equal(lost.Notifications.Single().Notification.Id, again.Notifications.Single().Notification.Id);
    }

    // ---- metrics ----

    [Fact]
    public void Metrics_FiringPendingAndSilenced_CountedByStateAndSeverity()
    {
        var engine = Engine(Options(new RouteOptions { Notifiers = ["x"], Severities = ["warning"], For = TimeSpan.FromHours(1) }));
        engine.AddSilence(new Silence
        {
            Id = "s", CreatedBy = "a", Matchers = [new SilenceMatcher("probe", "dns")],
            StartsAt = T0, EndsAt = T0 + TimeSpan.FromDays(1),
        });
        engine.Evaluate(Round(ProbeDown("etcd"), ProbeDown("api"), ProbeDown("dns"), ProbeDown("shop", "warning")));

        var samples = engine.Metrics();
        double Value(string state, string severity) => samples.Single(s =>
            s.Name == AlertMetricNames.Alerts && s.Labels.Contains(new("state", state)) && s.Labels.Contains(new("severity", severity))).Value;

        Assert.Equal(2, Value("firing", "critical"));
        Assert.Equal(1, Value("suppressed", "critical"));
        Assert.Equal(1, Value("pending", "warning"));
        Assert.Equal(0, Value("firing", "expired"));
        Assert.Equal(1, samples.Single(s => s.Name == AlertMetricNames.Silences && s.Labels[0].Value == "active").Value);
    }
}
