using Doomsday.Watch.Alerting;
using Microsoft.Extensions.Time.Testing;
using static Doomsday.Watch.Tests.Alerting.AlertSamples;

namespace Doomsday.Watch.Tests.Alerting;

/// <summary>
/// One broken piece (a route, silence or window whose pattern does not compile) never stops the round: the
/// other alerts are decided as usual, the broken piece counts as not matching, and the round says what failed.
/// </summary>
public class AlertEngineIsolationTests
{
    private readonly FakeTimeProvider _clock = new(T0);

    [Fact]
    public void Evaluate_RouteRegexDoesNotCompile_RouteSkippedLaterRoutesAndDefaultsNotifyAndFailureReported()
    {
        var options = Options(
            new RouteOptions { Notifiers = ["pager"], Labels = new Dictionary<string, string> { ["probe"] = "~(unclosed" } },
            new RouteOptions { Notifiers = ["etcd-team"], Labels = new Dictionary<string, string> { ["probe"] = "etcd" } });
        var engine = new AlertEngine(options, _clock);

        var decisions = engine.Evaluate(Round(ProbeDown("etcd"), ProbeDown("web")));

        var sent = decisions.Notifications.ToDictionary(n => n.Notification.Labels["probe"], n => n.Notifiers);
        Assert.Equal(["etcd-team"], sent["etcd"]);
        Assert.Equal(["default"], sent["web"]);
        var failure = Assert.Single(decisions.Failures);
        Assert.StartsWith("routes[0]: RegexParseException:", failure);
        Assert.Contains("the route is skipped", failure);
        Assert.All(engine.States, s => Assert.Equal(AlertStatus.Firing, s.Status));
    }

    /// <summary>A quiet round (nothing to route) still reports the broken route and window: /healthz stays 503 until the config is fixed.</summary>
    [Fact]
    public void Evaluate_RouteAndWindowBrokenNothingToRoute_StillReportedEveryRound()
    {
        var options = Options(new RouteOptions { Notifiers = ["pager"], Labels = new Dictionary<string, string> { ["probe"] = "~(unclosed" } }) with
        {
            MaintenanceWindows = [new MaintenanceWindow { Name = "later", Start = T0.AddDays(1), End = T0.AddDays(2), Labels = new Dictionary<string, string> { ["probe"] = "~[z-a]" } }],
        };
        var engine = new AlertEngine(options, _clock);

        var first = engine.Evaluate(Round());
        var second = engine.Evaluate(Round());

        foreach (var decisions in new[] { first, second })
        {
            Assert.Equal(2, decisions.Failures.Count);
            Assert.StartsWith("routes[0]: RegexParseException:", decisions.Failures[0]);
            Assert.StartsWith("maintenance window later: RegexParseException:", decisions.Failures[1]);
        }
        engine.Reconfigure(Options());
        Assert.Empty(engine.Evaluate(Round()).Failures);
    }

    [Fact]
    public void Evaluate_SilenceRegexDoesNotCompile_SilenceMatchesNothingOthersStillApply()
    {
        var engine = new AlertEngine(Options(), _clock);
        engine.AddSilence(Silence("broken", new SilenceMatcher("probe", "(unclosed", IsRegex: true)));
        engine.AddSilence(Silence("web-quiet", new SilenceMatcher("probe", "web")));

        var decisions = engine.Evaluate(Round(ProbeDown("etcd"), ProbeDown("web")));

        var notified = Assert.Single(decisions.Notifications);
        Assert.Equal("etcd", notified.Notification.Labels["probe"]);
        Assert.Contains(decisions.Events, e => e.Kind == AlertEventKinds.Suppressed && e.Detail.Contains("web-quiet", StringComparison.Ordinal));
        Assert.StartsWith("silence broken: RegexParseException:", Assert.Single(decisions.Failures));
    }

    [Fact]
    public void Evaluate_MaintenanceWindowRegexDoesNotCompile_WindowHoldsNothingAndFailureReported()
    {
        var options = Options() with
        {
            MaintenanceWindows = [new MaintenanceWindow { Name = "upgrade", Start = T0.AddHours(-1), End = T0.AddHours(1), Labels = new Dictionary<string, string> { ["probe"] = "~[" } }],
        };
        var engine = new AlertEngine(options, _clock);

        var decisions = engine.Evaluate(Round(ProbeDown("etcd")));

        Assert.Single(decisions.Notifications);
        Assert.StartsWith("maintenance window upgrade: RegexParseException:", Assert.Single(decisions.Failures));
    }

    [Fact]
    public void Evaluate_AfterFixByReconfigure_NoFailureReported()
    {
        var broken = Options(new RouteOptions { Notifiers = ["pager"], Labels = new Dictionary<string, string> { ["probe"] = "~(unclosed" } });
        var engine = new AlertEngine(broken, _clock);
        Assert.NotEmpty(engine.Evaluate(Round(ProbeDown("etcd"))).Failures);

        engine.Reconfigure(Options(new RouteOptions { Notifiers = ["pager"], Labels = new Dictionary<string, string> { ["probe"] = "~(closed)" } }));
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(engine.Evaluate(Round(ProbeDown("etcd"))).Failures);
    }

    private Silence Silence(string id, params SilenceMatcher[] matchers) => new()
    {
        Id = id,
        Matchers = matchers,
        StartsAt = T0.AddHours(-1),
        EndsAt = T0.AddDays(1),
        CreatedBy = "test",
    };
}
