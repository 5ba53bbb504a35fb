using Doomsday.Watch.Alerting;

namespace Doomsday.Watch.Tests.Alerting;

public class AlertMetricNamesTests
{
    [Fact]
    public void All_EveryName_DocumentedInMetricsDoc()
    {
        var doc = DocsFolder.Doc("metrics.md");

        Assert.All(AlertMetricNames.All, n => Assert.Contains($"`{n}`", doc));
        Assert.All(AlertMetricNames.States.All, s => Assert.Contains($"`{s}`", doc));
    }

    [Fact]
    public void EventKinds_EveryKind_DocumentedInAlertingDoc()
    {
        var doc = DocsFolder.Doc("alerting.md");

        Assert.All(AlertEventKinds.All, k => Assert.Contains($"`{k}`", doc));
        Assert.All([NotificationIds.Firing, NotificationIds.Escalated, NotificationIds.Repeat, NotificationIds.Resolved],
            t => Assert.Contains($"`{t}`", doc));
    }
}
