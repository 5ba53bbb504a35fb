using Doomsday.Watch.Incidents;
using Doomsday.Watch.Store;

namespace Doomsday.Watch.Tests.Incidents;

public sealed class IncidentFiguresTests
{
    private static readonly DateTimeOffset T0 = new(2027, 3, 1, 11, 21, 0, TimeSpan.Zero);

    internal static Incident Outage(params (double Seconds, string Kind, string? NotificationId)[] events) => new(
        7, "3f1c0d5e9a8b7c6d", "ProbeDown", T0, events.Any(e => e.Kind == IncidentEventKinds.Resolved) ? T0.AddSeconds(events.Last(e => e.Kind == IncidentEventKinds.Resolved).Seconds) : null,
        events.Select(e => new IncidentEvent(T0.AddSeconds(e.Seconds), e.Kind, e.Kind == IncidentEventKinds.Firing ? "apiserver probe api is down (connect_refused)" : "", e.NotificationId is null ? null : "slack", e.NotificationId)).ToList());

    [Fact]
    public void Of_FullOutage_MeasuresEachFigureFromTheFirstFailure()
    {
        var incident = Outage(
            (0, IncidentEventKinds.FirstFailure, null),
            (30, IncidentEventKinds.Firing, null),
            (31, IncidentEventKinds.NotificationRetry, "3f1c0d5e9a8b7c6d-1-1-firing"),
            (45, IncidentEventKinds.NotificationSent, "3f1c0d5e9a8b7c6d-1-1-firing"),
            (600, IncidentEventKinds.Acknowledged, null),
            (1500, IncidentEventKinds.Resolved, null),
            (1501, IncidentEventKinds.NotificationSent, "3f1c0d5e9a8b7c6d-1-2-resolved"));

        var f = IncidentFigures.Of(incident);

        Assert.Equal(T0, f.Start);
        Assert.Equal(TimeSpan.FromSeconds(30), f.ToDetect);
        Assert.Equal(TimeSpan.FromSeconds(45), f.ToNotify);
        Assert.Equal(TimeSpan.FromMinutes(10), f.ToAcknowledge);
        Assert.Equal(TimeSpan.FromSeconds(1500), f.ToResolve);
    }

    [Fact]
    public void Of_OnlyTheResolutionDelivered_HasNoTimeToNotify()
    {
        var incident = Outage(
            (0, IncidentEventKinds.FirstFailure, null),
            (10, IncidentEventKinds.Firing, null),
            (20, IncidentEventKinds.NotificationFailed, "3f1c0d5e9a8b7c6d-1-1-firing"),
            (90, IncidentEventKinds.Resolved, null),
            (91, IncidentEventKinds.NotificationSent, "3f1c0d5e9a8b7c6d-1-2-resolved"));

        var f = IncidentFigures.Of(incident);

        Assert.Null(f.ToNotify);
        Assert.Null(f.ToAcknowledge);
        Assert.Equal(TimeSpan.FromSeconds(90), f.ToResolve);
    }

    [Fact]
    public void Of_ClearedBeforeFiring_HasNoTimeToDetect()
    {
        var incident = Outage((0, IncidentEventKinds.FirstFailure, null), (5, IncidentEventKinds.Resolved, null));

        Assert.Null(IncidentFigures.Of(incident).ToDetect);
        Assert.True(IncidentFigures.ClearedBeforeFiring(incident));
    }

    [Fact]
    public void Of_OpenIncident_HasNoTimeToResolve()
    {
        var f = IncidentFigures.Of(Outage((0, IncidentEventKinds.FirstFailure, null), (30, IncidentEventKinds.Firing, null)));

        Assert.Equal(TimeSpan.FromSeconds(30), f.ToDetect);
        Assert.Null(f.ToResolve);
    }

    [Theory]
    [InlineData(1.46, "1.4s")]
    [InlineData(59.99, "59.9s")]
    [InlineData(800, "13m 20s")]
    [InlineData(5400, "1h 30m")]
    [InlineData(3600, "1h")]
    [InlineData(187200, "2d 4h")]
    public void Format_Durations_TwoUnitsRoundedDown(double seconds, string expected) =>
        Assert.Equal(expected, IncidentDurations.Format(TimeSpan.FromSeconds(seconds)));
}
