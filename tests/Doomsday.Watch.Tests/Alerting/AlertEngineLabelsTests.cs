using Doomsday.Watch.Alerting;
using Microsoft.Extensions.Time.Testing;
using static Doomsday.Watch.Tests.Alerting.AlertSamples;

namespace Doomsday.Watch.Tests.Alerting;

/// <summary>The daemon's own labels (Prometheus's external labels) and the severity a notification changes.</summary>
public class AlertEngineLabelsTests
{
    private readonly FakeTimeProvider _clock = new(T0);

    private static readonly Dictionary<string, string> Cluster = new() { ["cluster"] = "prod", ["region"] = "eu" };

    [Fact]
    public void Evaluate_ExternalLabels_OnEveryNotificationOwnLabelWinsFingerprintUnchanged()
    {
        var engine = new AlertEngine(Options() with { ExternalLabels = Cluster }, _clock);
        var down = ProbeDown("api", "critical", ("region", "us"));

        var d = engine.Evaluate(Round(down));

        var n = Assert.Single(d.Notifications).Notification;
        Assert.Equal("prod", n.Labels["cluster"]);
        Assert.Equal("us", n.Labels["region"]);
        Assert.Equal(down.Fingerprint, n.Fingerprint);
        Assert.Equal(AlertFingerprint.Compute("ProbeDown", down.Labels), n.Fingerprint);
        Assert.DoesNotContain("cluster", Assert.Single(engine.States).Labels.Keys);
    }

    [Fact]
    public void Evaluate_RouteAndSilenceOnExternalLabel_SeeIt()
    {
        var options = Options(new RouteOptions { Notifiers = ["prod-pager"], Labels = new Dictionary<string, string> { ["cluster"] = "prod" } }) with { ExternalLabels = Cluster };
        var engine = new AlertEngine(options, _clock);
        var routed = engine.Evaluate(Round(ProbeDown("api")));
        engine.AddSilence(new Silence
        {
            Id = "s1", Matchers = [new SilenceMatcher("region", "eu")], StartsAt = T0, EndsAt = T0 + TimeSpan.FromHours(1), CreatedBy = "alice",
        });
        var silenced = engine.Evaluate(Round(ProbeDown("api"), ProbeDown("db")));

        Assert.Equal(["prod-pager"], Assert.Single(routed.Notifications).Notifiers);
        Assert.Empty(silenced.Notifications);
        Assert.Contains(silenced.Events, e => e.Kind == AlertEventKinds.Suppressed);
    }

    [Fact]
    public void Evaluate_SeverityRaisedThenRepeatAtLowerSeverity_EachNotificationNamesTheSeverityItReplaces()
    {
        var engine = new AlertEngine(Options() with { RepeatInterval = TimeSpan.FromMinutes(10) }, _clock);
        var first = engine.Evaluate(Round(ProbeDown("api", "warning")));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var escalated = engine.Evaluate(Round(ProbeDown("api", "critical")));
        _clock.Advance(TimeSpan.FromMinutes(1));
        engine.Evaluate(Round(ProbeDown("api", "warning")));
        _clock.Advance(TimeSpan.FromMinutes(10));
        var repeat = engine.Evaluate(Round(ProbeDown("api", "warning")));

        Assert.Null(Assert.Single(first.Notifications).Notification.PreviousSeverity);
        var up = Assert.Single(escalated.Notifications).Notification;
        Assert.Equal(("critical", "warning"), (up.Severity, up.PreviousSeverity));
        var down = Assert.Single(repeat.Notifications).Notification;
        Assert.Equal(("warning", "critical"), (down.Severity, down.PreviousSeverity));
    }
}
