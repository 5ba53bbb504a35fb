using Doomsday.Watch.Store;
using Doomsday.Watch.Tests.Notifiers;

namespace Doomsday.Watch.Tests.Store;

public sealed class IncidentLogTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly DoomsdayStore _store;
    private readonly DateTimeOffset _t0 = SampleNotifications.Start;

    public IncidentLogTests() => _store = DoomsdayStore.Open(_dir.Combine("incidents.db"), new FixedTimeProvider(SampleNotifications.Start));

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Record_FailureToResolution_OneIncidentWithTimelineInOrder()
    {
        var kinds = new[]
        {
            IncidentEventKinds.FirstFailure, IncidentEventKinds.Firing, IncidentEventKinds.NotificationRetry,
            IncidentEventKinds.NotificationSent, IncidentEventKinds.Acknowledged, IncidentEventKinds.Resolved,
        };
        for (var i = 0; i < kinds.Length; i++)
            _store.Incidents.Record("fp-etcd", "EtcdDown", new IncidentEvent(_t0 + TimeSpan.FromSeconds(i * 15), kinds[i], $"step {i}"));
        // a resolved notification delivered after the resolution belongs to the same incident
        _store.Incidents.Record("fp-etcd", "EtcdDown", new IncidentEvent(_t0 + TimeSpan.FromMinutes(5), IncidentEventKinds.NotificationSent, "resolved sent", "oncall", "n-9"));

        var incident = Assert.Single(_store.Incidents.ForFingerprint("fp-etcd"));

        Assert.Equal(_t0, incident.OpenedAt);
        Assert.Equal(_t0 + TimeSpan.FromSeconds(75), incident.ResolvedAt);
        Assert.Equal([.. kinds, IncidentEventKinds.NotificationSent], incident.Events.Select(e => e.Kind));
        Assert.Equal("oncall", incident.Events[^1].Notifier);
        Assert.Equal("n-9", incident.Events[^1].NotificationId);
    }

    [Fact]
    public void Record_FiringAfterResolution_OpensSecondIncident()
    {
        _store.Incidents.Record("fp", "A", new IncidentEvent(_t0, IncidentEventKinds.Firing, ""));
        _store.Incidents.Record("fp", "A", new IncidentEvent(_t0 + TimeSpan.FromMinutes(1), IncidentEventKinds.Resolved, ""));
        _store.Incidents.Record("fp", "A", new IncidentEvent(_t0 + TimeSpan.FromMinutes(2), IncidentEventKinds.Firing, ""));

        var incidents = _store.Incidents.ForFingerprint("fp");

        Assert.Equal(2, incidents.Count);
        Assert.NotNull(incidents[0].ResolvedAt);
        Assert.Null(incidents[1].ResolvedAt);
        Assert.Equal(_t0 + TimeSpan.FromMinutes(2), incidents[1].OpenedAt);
    }
}
