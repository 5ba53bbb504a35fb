using Doomsday.Core.Sources.Endpoints;
using Doomsday.Daemon.AlertRounds;
using Doomsday.Daemon.Logging;
using Doomsday.Daemon.Telemetry;
using Doomsday.Daemon.Workers;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Notifiers.Delivery;
using Doomsday.Watch.Store;
using Microsoft.Data.Sqlite;

using Doomsday.Daemon.Tests.Support;

namespace Doomsday.Daemon.Tests.AlertRounds;

/// <summary>
/// A round's decisions against a real SQLite store whose incident-event insert (the second write of the
/// round, after the outbox rows) is refused by a trigger: the round must be all or nothing.
/// </summary>
public sealed class DecisionWriterTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();
    private readonly FixedTimeProvider _time = new(Now);

    [Fact]
    public async Task Write_IncidentEventRefused_NothingOfTheRoundPersisted()
    {
        var inventory = await InventoryAsync();
        using var store = DoomsdayStore.Open(_dir.Combine("doomsday.db"), _time);
        var engine = NewEngine([]);
        var writer = NewWriter(store);
        var decisions = engine.Evaluate(AlertConditions.Build([], inventory, Now, []));
        Assert.NotEmpty(decisions.Notifications);
        Assert.NotEmpty(decisions.Events);
        Assert.NotEmpty(decisions.ChangedStates);

        StoreRefusal.Refuse(store.Path, "incident_events");
        var refused = Assert.Throws<SqliteException>(() => writer.Write(decisions));
        Assert.Contains("refused by test", refused.Message);

        Assert.Empty(store.Outbox.All());
        Assert.Empty(store.Incidents.OpenedSince(DateTimeOffset.MinValue));
        Assert.Empty(store.AlertStates.All());
    }

    /// <summary>The daemon's own retry: the decisions it kept after the refusal are written next round, once.</summary>
    [Fact]
    public async Task RoundAsync_RefusedThenRetried_EachEventAndOutboxRowOnce()
    {
        var inventory = await InventoryAsync();
        using var store = DoomsdayStore.Open(_dir.Combine("doomsday.db"), _time);
        var engine = NewEngine([]);
        var worker = new AlertWorker(engine, NewWriter(store), () => [], () => inventory, _time);

        StoreRefusal.Refuse(store.Path, "incident_events");
        await Assert.ThrowsAsync<SqliteException>(() => worker.RoundAsync(CancellationToken.None));
        Assert.Empty(store.Outbox.All());
        Assert.Empty(store.Incidents.OpenedSince(DateTimeOffset.MinValue));
        Assert.Empty(store.AlertStates.All());

        StoreRefusal.Allow(store.Path, "incident_events");
        await worker.RoundAsync(CancellationToken.None);
        await worker.RoundAsync(CancellationToken.None);

        var state = Assert.Single(engine.States);
        var row = Assert.Single(store.Outbox.All());
        Assert.Equal(state.Fingerprint, row.Notification.Fingerprint);
        var incident = Assert.Single(store.Incidents.ForFingerprint(state.Fingerprint));
        AssertNoDuplicates(incident.Events);
        Assert.Contains(incident.Events, e => e.Kind == IncidentEventKinds.Firing);
        var stored = AlertStateJson.Deserialize(Assert.Single(store.AlertStates.All()).Value);
        Assert.Equal((state.Fingerprint, state.Status), (stored.Fingerprint, stored.Status));
    }

    /// <summary>
    /// A restart after the last write of the round (the alert states) was refused: the new engine, loaded
    /// from what the store holds, decides the same notification ids and events; written, each is there
    /// exactly once (written piecemeal, the outbox rows and events of the refused round stayed behind and
    /// the events were recorded twice).
    /// </summary>
    [Fact]
    public async Task Write_RestartAfterRefusedRound_SameDecisionsWrittenOnce()
    {
        var inventory = await InventoryAsync();
        using var store = DoomsdayStore.Open(_dir.Combine("doomsday.db"), _time);
        var round = AlertConditions.Build([], inventory, Now, []);
        var first = NewEngine([]).Evaluate(round);
        StoreRefusal.Refuse(store.Path, "alert_states");
        Assert.Throws<SqliteException>(() => NewWriter(store).Write(first));
        StoreRefusal.Allow(store.Path, "alert_states");

        var restarted = NewEngine(store.AlertStates.All().Values.Select(AlertStateJson.Deserialize));
        var again = restarted.Evaluate(round);
        Assert.Equal(first.Notifications.Select(n => n.Notification.Id), again.Notifications.Select(n => n.Notification.Id));
        Assert.Equal(first.Events.Select(e => (e.Fingerprint, e.Kind)), again.Events.Select(e => (e.Fingerprint, e.Kind)));
        NewWriter(store).Write(again);

        Assert.Equal(again.Notifications.Select(n => n.Notification.Id).Order(), store.Outbox.All().Select(r => r.Notification.Id).Order());
        foreach (var fp in again.Events.Select(e => e.Fingerprint).Distinct())
        {
            var incident = Assert.Single(store.Incidents.ForFingerprint(fp));
            Assert.Equal(again.Events.Count(e => e.Fingerprint == fp), incident.Events.Count);
            AssertNoDuplicates(incident.Events);
        }
        Assert.Equal(again.ChangedStates.Select(s => s.Fingerprint).Order(), store.AlertStates.All().Keys.Order());
    }

    [Fact]
    public async Task Write_StoreAccepts_OutboxIncidentsAndStatesPersisted()
    {
        var inventory = await InventoryAsync();
        using var store = DoomsdayStore.Open(_dir.Combine("doomsday.db"), _time);
        var decisions = NewEngine([]).Evaluate(AlertConditions.Build([], inventory, Now, []));

        NewWriter(store).Write(decisions);

        Assert.Equal(decisions.Notifications.Count, store.Outbox.All().Count);
        Assert.Equal(decisions.Events.Count, store.Incidents.OpenedSince(DateTimeOffset.MinValue).Sum(i => i.Events.Count));
        Assert.Equal(decisions.ChangedStates.Count, store.AlertStates.All().Count);
    }

    [Fact]
    public void Write_AlertResolves_LogSaysItRecoveredAndWhatItWas()
    {
        var log = new StringLog();
        using var store = DoomsdayStore.Open(_dir.Combine("doomsday.db"), _time);
        var writer = new DecisionWriter(store, new Outbox(store, [], new DeliverySettings()), _ => null, log.Log);
        var engine = NewEngine([]);
        var down = new AlertCondition
        {
            Name = DaemonAlertNames.ProbeDown, Source = "probe:ssh", Severity = "critical", Summary = "tcp probe ssh is down (connect_refused)",
            Labels = new Dictionary<string, string> { ["probe"] = "ssh", ["kind"] = "tcp" },
        };

        writer.Write(engine.Evaluate(AlertRound.Of(["probe:ssh"], down)));
        writer.Write(engine.Evaluate(AlertRound.Of(["probe:ssh"])));

        Assert.Contains($"alerts: ProbeDown {down.Fingerprint} firing: tcp probe ssh is down (connect_refused)\n", log.ToString());
        Assert.Contains($"alerts: ProbeDown {down.Fingerprint} resolved (was: tcp probe ssh is down (connect_refused))\n", log.ToString());
    }

    private static void AssertNoDuplicates(IReadOnlyList<IncidentEvent> events) =>
        Assert.Equal(events.Count, events.Select(e => (e.Kind, e.At, e.Detail, e.NotificationId)).Distinct().Count());

    private AlertEngine NewEngine(IEnumerable<AlertState> persisted) =>
        new(new AlertingOptions { DefaultNotifiers = ["hook"] }, _time, persisted);

    private static DecisionWriter NewWriter(DoomsdayStore store) =>
        new(store, new Outbox(store, [], new DeliverySettings()), _ => null, EventLog.Null);

    /// <summary>One certificate 5 days from expiry: a critical alert that fires and notifies at once.</summary>
    private async Task<InventorySnapshot?> InventoryAsync() => (await ExpiringInventory.ScanAsync(_dir, _time)).Latest;

    public void Dispose() => _dir.Dispose();
}
