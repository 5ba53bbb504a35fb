using Doomsday.Watch.Alerting;
using static Doomsday.Watch.Tests.Alerting.AlertSamples;

namespace Doomsday.Watch.Tests.Alerting;

public class AlertRouterTests
{
    private static readonly Dictionary<string, string> Etcd = new() { ["probe"] = "etcd-0", ["cluster"] = "prod" };

    [Fact]
    public void Route_BySeverity_FirstMatchWins()
    {
        var options = Options(
            new RouteOptions { Notifiers = ["pager"], Severities = ["critical", "emergency"] },
            new RouteOptions { Notifiers = ["chat"] });

        Assert.Equal(["pager"], AlertRouter.Route(options, "ProbeDown", "critical", Etcd).Notifiers);
        Assert.Equal(["pager"], AlertRouter.Route(options, "ProbeDown", "EMERGENCY", Etcd).Notifiers);
        Assert.Equal(["chat"], AlertRouter.Route(options, "ProbeDown", "warning", Etcd).Notifiers);
    }

    [Fact]
    public void Route_ByLabel_LiteralAndAlertname()
    {
        var options = Options(
            new RouteOptions { Notifiers = ["prod"], Labels = new Dictionary<string, string> { ["cluster"] = "prod", ["alertname"] = "ProbeDown" } });

        Assert.Equal(["prod"], AlertRouter.Route(options, "ProbeDown", "critical", Etcd).Notifiers);
        Assert.Equal(["default"], AlertRouter.Route(options, "CertificateExpiry", "critical", Etcd).Notifiers);
        Assert.Equal(["default"], AlertRouter.Route(options, "ProbeDown", "critical", new Dictionary<string, string> { ["cluster"] = "prod2" }).Notifiers);
    }

    [Fact]
    public void Route_RegexLabel_MatchesWholeValueOnly()
    {
        var options = Options(new RouteOptions { Notifiers = ["etcd-team"], Labels = new Dictionary<string, string> { ["probe"] = "~etcd-[0-9]+" } });

        Assert.Equal(["etcd-team"], AlertRouter.Route(options, "ProbeDown", "critical", Etcd).Notifiers);
        Assert.False(AlertRouter.Route(options, "ProbeDown", "critical", new Dictionary<string, string> { ["probe"] = "etcd-0-backup" }).Matched);
        Assert.False(AlertRouter.Route(options, "ProbeDown", "critical", new Dictionary<string, string> { ["probe"] = "my-etcd-0" }).Matched);
    }

    [Fact]
    public void Route_Continue_CollectsLaterMatchesToo()
    {
        var options = Options(
            new RouteOptions { Notifiers = ["audit"], Continue = true, For = TimeSpan.FromMinutes(1) },
            new RouteOptions { Notifiers = ["skipped"], Severities = ["info"] },
            new RouteOptions { Notifiers = ["pager", "audit"], Severities = ["critical"], For = TimeSpan.FromMinutes(5) },
            new RouteOptions { Notifiers = ["never"] });

        var match = AlertRouter.Route(options, "ProbeDown", "critical", Etcd);

        Assert.Equal(["audit", "pager"], match.Notifiers);
        Assert.Equal(TimeSpan.FromMinutes(1), match.For);
        Assert.True(match.Matched);
    }

    [Fact]
    public void Route_NothingMatches_DefaultNotifiersAndDefaultFor()
    {
        var options = Options(new RouteOptions { Notifiers = ["pager"], Severities = ["emergency"], For = TimeSpan.FromMinutes(9) })
            with { DefaultFor = TimeSpan.FromSeconds(30) };

        var match = AlertRouter.Route(options, "ProbeDown", "warning", Etcd);

        Assert.False(match.Matched);
        Assert.Equal(["default"], match.Notifiers);
        Assert.Equal(TimeSpan.FromSeconds(30), match.For);
    }

    [Fact]
    public void Route_MissingLabel_SeenAsEmpty()
    {
        var options = Options(new RouteOptions { Notifiers = ["no-team"], Labels = new Dictionary<string, string> { ["team"] = "~" } });

        Assert.True(AlertRouter.Route(options, "ProbeDown", "critical", Etcd).Matched);
        Assert.False(AlertRouter.Route(options, "ProbeDown", "critical", new Dictionary<string, string> { ["team"] = "db" }).Matched);
    }
}
