using Doomsday.Watch.Alerting;
using Microsoft.Extensions.Time.Testing;
using static Doomsday.Watch.Tests.Alerting.AlertSamples;

namespace Doomsday.Watch.Tests.Alerting;

/// <summary>
/// Re-sends to notifiers that forget alerts not told again (Alertmanager): every firing alert, every
/// interval, and at the first round of an engine built after a restart; never to other notifiers.
/// </summary>
public class AlertEngineResendTests
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(1);
    private readonly FakeTimeProvider _clock = new(T0);

    private static AlertingOptions ResendOptions() => Options() with
    {
        DefaultNotifiers = ["am", "slack"],
        ResendEvery = new Dictionary<string, TimeSpan> { ["am"] = Every },
    };

    private static List<NotificationIntent> Resends(AlertDecisions d) => d.Notifications.Where(n => n.Notification.IsResend).ToList();

    [Fact]
    public void Evaluate_FiringForTenIntervals_ResentToAlertmanagerOnlyEveryIntervalWithoutEventsOrStateChanges()
    {
        var engine = new AlertEngine(ResendOptions(), _clock);
        var down = ProbeDown("api");
        var first = engine.Evaluate(Round(down));
        var resends = new List<(DateTimeOffset At, NotificationIntent Intent)>();
        var quiet = new List<AlertDecisions>();
        for (var s = 10; s <= 600; s += 10)
        {
            _clock.SetUtcNow(T0 + TimeSpan.FromSeconds(s));
            var d = engine.Evaluate(Round(down));
            resends.AddRange(Resends(d).Select(r => (_clock.GetUtcNow(), r)));
            quiet.Add(d);
        }

        var firing = Assert.Single(first.Notifications);
        Assert.False(firing.Notification.IsResend);
        Assert.Equal(["am", "slack"], firing.Notifiers);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => T0 + i * Every), resends.Select(r => r.At));
        Assert.All(resends, r => Assert.Equal(["am"], r.Intent.Notifiers));
        Assert.All(resends, r => Assert.Equal("firing", r.Intent.Notification.Status));
        Assert.All(resends, r => Assert.Equal(NotificationIds.Resend, r.Intent.Notification.Annotations["transition"]));
        Assert.All(resends, r => Assert.Equal(firing.Notification.StartsAt, r.Intent.Notification.StartsAt));
        Assert.Equal(10, resends.Select(r => r.Intent.Notification.Id).Distinct().Count());
        Assert.Equal($"{firing.Notification.Fingerprint}-{T0.ToUnixTimeMilliseconds()}-1-resend-{(T0 + Every).ToUnixTimeMilliseconds()}", resends[0].Intent.Notification.Id);
        Assert.All(quiet, d => Assert.Empty(d.Events));
        Assert.All(quiet, d => Assert.Empty(d.ChangedStates));
    }

    [Fact]
    public void Evaluate_EngineRebuiltFromPersistedStates_ResendsAtItsFirstRound()
    {
        var before = new AlertEngine(ResendOptions(), _clock);
        before.Evaluate(Round(ProbeDown("api")));
        _clock.Advance(TimeSpan.FromSeconds(5));

        var after = new AlertEngine(ResendOptions(), _clock, before.States);
        var firstRound = after.Evaluate(Round(["probe:other"]));   // the probe not evaluated yet (just started)
        _clock.Advance(TimeSpan.FromSeconds(30));
        var next = after.Evaluate(Round(["probe:other"]));

        var resend = Assert.Single(firstRound.Notifications);
        Assert.True(resend.Notification.IsResend);
        Assert.Equal(["am"], resend.Notifiers);
        Assert.Empty(next.Notifications);
    }

    [Fact]
    public void Evaluate_SilencedAfterAlertmanagerWasTold_StillResentButNoRepeat()
    {
        var engine = new AlertEngine(ResendOptions() with { RepeatInterval = TimeSpan.FromMinutes(2) }, _clock);
        var down = ProbeDown("api");
        engine.Evaluate(Round(down));
        engine.AddSilence(new Silence
        {
            Id = "s1", Matchers = [new SilenceMatcher("probe", "api")], StartsAt = T0, EndsAt = T0 + TimeSpan.FromHours(1), CreatedBy = "alice",
        });

        _clock.Advance(TimeSpan.FromMinutes(2));
        var d = engine.Evaluate(Round(down));

        var only = Assert.Single(d.Notifications);
        Assert.True(only.Notification.IsResend);
        Assert.Contains(d.Events, e => e.Kind == AlertEventKinds.Suppressed);
    }

    [Fact]
    public void Evaluate_ResolvedAfterSeverityFell_ResolvedCarriesSeverityLastNotifiedAndResendsStop()
    {
        var engine = new AlertEngine(ResendOptions(), _clock);
        engine.Evaluate(Round(ProbeDown("api", "critical")));
        _clock.Advance(TimeSpan.FromSeconds(10));
        engine.Evaluate(Round(ProbeDown("api", "warning")));   // lower: no notification
        _clock.Advance(Every);
        var resend = Assert.Single(engine.Evaluate(Round(ProbeDown("api", "warning"))).Notifications);
        _clock.Advance(TimeSpan.FromSeconds(10));
        var resolved = engine.Evaluate(Round(["probe:api"]));
        _clock.Advance(Every * 3);
        var after = engine.Evaluate(Round(["probe:api"]));

        Assert.Equal("critical", resend.Notification.Severity);
        var end = Assert.Single(resolved.Notifications);
        Assert.Equal("resolved", end.Notification.Status);
        Assert.Equal("critical", end.Notification.Severity);
        Assert.Equal(["am", "slack"], end.Notifiers);
        Assert.Empty(after.Notifications);
    }

    [Fact]
    public void Evaluate_NoResendingNotifier_NothingResent()
    {
        var engine = new AlertEngine(Options() with { DefaultNotifiers = ["slack"], RepeatInterval = TimeSpan.FromHours(4) }, _clock);
        engine.Evaluate(Round(ProbeDown("api")));
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Empty(engine.Evaluate(Round(ProbeDown("api"))).Notifications);
    }
}
