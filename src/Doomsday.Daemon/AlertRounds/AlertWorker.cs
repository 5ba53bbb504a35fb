using Doomsday.Daemon.Logging;
using Doomsday.Daemon.Workers;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Probes;

namespace Doomsday.Daemon.AlertRounds;

/// <summary>
/// One evaluation round: the conditions of now (probes held down, certificates of the last inventory, the
/// daemon's own health as <c>DoomsdayDegraded</c>) into the engine, its decisions into the store and the
/// outbox. Runs every evaluation interval and is woken at once when a probe changes state, so detection does
/// not wait for the next tick. What the engine could not evaluate (an alert, route, silence or window that
/// threw) is the worker's degraded health until a round evaluates everything, logged once per change.
/// </summary>
internal sealed class AlertWorker(AlertEngine engine, DecisionWriter writer, Func<IReadOnlyList<ProbeStatus>> probes, Func<InventorySnapshot?> inventory, TimeProvider time)
{
    public const string Name = "alerts";

    public AlertEngine Engine => engine;

    /// <summary>Adds <c>DoomsdayDegraded</c> conditions to each round (null: none).</summary>
    public DegradedConditions? Degraded { get; init; }

    /// <summary>Where the round's partial failures are reported (null: nowhere).</summary>
    public WorkerHealth? Health { get; init; }

    public EventLog Log { get; init; } = EventLog.Null;

    // Decisions the engine made (its states already moved on) that the store did not take: written
    // first next round, or their notifications would be lost while the daemon runs.
    private AlertDecisions? _unwritten;
    private IReadOnlyList<string> _lastFailures = [];

    public Task RoundAsync(CancellationToken cancellationToken)
    {
        if (_unwritten is { } pending)
        {
            writer.Write(pending); // throws again while the store still refuses: the loop logs it and retries next round
            _unwritten = null;
        }
        var round = AlertConditions.Build(probes(), inventory(), time.GetUtcNow(), engine.States.Select(s => s.Source));
        if (Degraded is not null) round = Degraded.AddTo(round);
        var decisions = engine.Evaluate(round);
        Report(decisions.Failures);
        try
        {
            writer.Write(decisions);
        }
        catch
        {
            _unwritten = decisions;
            throw;
        }
        return Task.CompletedTask;
    }

    private void Report(IReadOnlyList<string> failures)
    {
        Health?.Degraded(Name, failures);
        if (failures.SequenceEqual(_lastFailures, StringComparer.Ordinal)) return;
        foreach (var f in failures.Except(_lastFailures, StringComparer.Ordinal)) Log.Write(LogEvents.AlertRoundFailure, Name, f);
        if (failures.Count == 0) Log.Write(LogEvents.AlertRoundRecovered, Name, "every alert, route, silence and window evaluates again");
        _lastFailures = failures;
    }
}
