using Doomsday.Watch.Alerting;
using Doomsday.Watch.Notifiers;
using Microsoft.Extensions.Time.Testing;
using static Doomsday.Watch.Tests.Alerting.AlertSamples;

namespace Doomsday.Watch.Tests.Alerting;

/// <summary>
/// Silences kept elsewhere (an Alertmanager's) hold back notifiers one by one. The Alertmanager path itself
/// runs against a real Alertmanager in the daemon's tests; here a switchable in-memory answer.
/// </summary>
public class AlertEngineExternalSilencesTests
{
    private readonly FakeTimeProvider _clock = new(T0);

    /// <summary>Mutes every notifier but "am" while <see cref="Active"/>.</summary>
    private sealed class Switch : IExternalSilences
    {
        public bool Active { get; set; } = true;
        public List<Notification> Asked { get; } = [];

        public ExternalSilence? Silencing(Notification notification, string notifier)
        {
            Asked.Add(notification);
            return Active && notifier != "am" ? new ExternalSilence("alertmanager am", "s-1", "alice", "maintenance") : null;
        }
    }

    [Fact]
    public void Evaluate_HeldBackForOneNotifier_OthersNotifiedThenItCatchesUpWhenTheSilenceEnds()
    {
        var external = new Switch();
        var engine = new AlertEngine(Options() with
        {
            DefaultNotifiers = ["am", "slack"], ExternalSilences = external, ExternalLabels = new Dictionary<string, string> { ["cluster"] = "prod" },
        }, _clock);
        var down = ProbeDown("api");

        var first = engine.Evaluate(Round(down));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var stillHeld = engine.Evaluate(Round(down));
        external.Active = false;
        _clock.Advance(TimeSpan.FromMinutes(1));
        var released = engine.Evaluate(Round(down));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var after = engine.Evaluate(Round(down));

        Assert.Equal(["am"], Assert.Single(first.Notifications).Notifiers);
        var held = Assert.Single(first.Events, e => e.Kind == AlertEventKinds.Suppressed);
        Assert.Equal("alertmanager am silence s-1 by alice: maintenance (for slack)", held.Detail);
        Assert.Empty(stillHeld.Notifications);
        Assert.Empty(stillHeld.Events);
        var catchUp = Assert.Single(released.Notifications);
        Assert.Equal(["slack"], catchUp.Notifiers);
        Assert.Equal(NotificationIds.Repeat, catchUp.Notification.Annotations["transition"]);
        Assert.Empty(after.Notifications);
        Assert.Equal(["am", "slack"], Assert.Single(engine.States).NotifiedTo);
        Assert.Equal("prod", external.Asked[0].Labels["cluster"]);
    }

    [Fact]
    public void Evaluate_EveryNotifierHeldBack_NothingSentUntilTheSilenceEndsAndResolutionGoesOnlyToThoseTold()
    {
        var external = new Switch();
        var engine = new AlertEngine(Options() with { DefaultNotifiers = ["slack"], ExternalSilences = external }, _clock);
        var down = ProbeDown("api");

        var held = engine.Evaluate(Round(down));
        var heldState = Assert.Single(engine.States);
        external.Active = false;
        _clock.Advance(TimeSpan.FromMinutes(1));
        var sent = engine.Evaluate(Round(down));
        external.Active = true;
        _clock.Advance(TimeSpan.FromMinutes(1));
        var resolved = engine.Evaluate(Round(["probe:api"]));

        Assert.Empty(held.Notifications);
        Assert.Equal("external:s-1", heldState.SuppressedBy);
        Assert.Equal(NotificationIds.Firing, Assert.Single(sent.Notifications).Notification.Annotations["transition"]);
        var end = Assert.Single(resolved.Notifications);
        Assert.Equal("resolved", end.Notification.Status);
        Assert.Equal(["slack"], end.Notifiers);
    }
}
