using Doomsday.Watch.Alerting;
using Doomsday.Watch.Incidents;
using Doomsday.Watch.Store;

namespace Doomsday.Watch.Tests.Incidents;

public sealed class PostmortemWriterTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Write_ResolvedOutage_HasTheSectionsTimelineInOrderAndFigures()
    {
        var incident = IncidentFiguresTests.Outage(
            (0, IncidentEventKinds.FirstFailure, null),
            (30, IncidentEventKinds.Firing, null),
            (45, IncidentEventKinds.NotificationSent, "3f1c0d5e9a8b7c6d-1-1-firing"),
            (1500, IncidentEventKinds.Resolved, null));

        var md = PostmortemWriter.Write(incident, null, Now);

        foreach (var heading in new[] { "# Post-mortem (draft): ", "## Summary", "## Impact", "## Timeline (UTC)", "## Detection", "## Root cause", "## Action items", "## Lessons learned" })
            Assert.Contains(heading, md);
        var rows = new[] { "| 11:21:00.000 | +0s | first failure |", "| 11:21:30.000 | +30s | alert fired |", "| 11:21:45.000 | +45s | notification delivered |", "| 11:46:00.000 | +25m | resolved |" };
        var positions = rows.Select(r => md.IndexOf(r, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p > 0, md));
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("| Time to detect | 30s | the alert fired |", md);
        Assert.Contains("| Time to notify | 45s |", md);
        Assert.Contains("| Time to acknowledge | — | not acknowledged |", md);
        Assert.Contains("| Time to resolve | 25m |", md);
        Assert.Contains("Nobody acknowledged the alert", md);
    }

    [Fact]
    public void Write_HostileDetailAndLabels_AreEscaped()
    {
        var at = Now.AddHours(-1);
        var incident = new Incident(3, "0000000000000001", "ProbeDown", at, null,
            [new IncidentEvent(at, IncidentEventKinds.Firing, "body: <script>alert(1)</script> [x](javascript:y) | ![i](http://e/) `tick`")]);
        var alert = new AlertState
        {
            Fingerprint = "0000000000000001", Name = "ProbeDown", Source = "probe:p", Severity = "critical", Summary = "s",
            Status = AlertStatus.Firing, FirstSeenAt = at, Labels = new Dictionary<string, string> { ["probe"] = "a`b|c" },
        };

        var md = PostmortemWriter.Write(incident, alert, Now);

        Assert.DoesNotContain("<script>", md);
        Assert.DoesNotContain("[x](javascript", md);
        Assert.Contains("\\[x\\](javascript:y)", md);
        Assert.DoesNotContain("![i]", md);
        Assert.Contains("\\<script\\>", md);
        Assert.Contains("``probe=a`b\\|c``", md);
        Assert.Contains("| Severity | critical |", md);
    }

    [Fact]
    public void Escape_ControlCharacters_BecomeSpaces() =>
        Assert.Equal("a b c", MarkdownText.Escape("a\nb\u0007c"));
}
