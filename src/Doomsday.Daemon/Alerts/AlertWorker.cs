using Doomsday.Core.Alerting;
using Doomsday.Core.Probes;
using Doomsday.Daemon.Workers;

namespace Doomsday.Daemon.Alerts;

/// <summary>
/// One evaluation round: the conditions of now (probes held down, certificates of the last inventory)
/// into the engine, its decisions into the store and the outbox. Runs every evaluation interval and is
/// woken at once when a probe changes state, so detection does not wait for the next tick.
/// </summary>
internal sealed class AlertWorker(AlertEngine engine, DecisionWriter writer, Func<IReadOnlyList<ProbeStatus>> probes, Func<InventorySnapshot?> inventory, TimeProvider time)
{
    public const string Name = "alerts";

    public AlertEngine Engine => engine;

    // Decisions the engine made (its states already moved on) that the store did not take: written
    // first next round, or their notifications would be lost while the daemon runs.
    private AlertDecisions? _unwritten;

    public Task RoundAsync(CancellationToken cancellationToken)
    {
        if (_unwritten is { } pending)
        {
            writer.Write(pending); // throws again while the store still refuses: the loop logs it and retries next round
            _unwritten = null;
        }
        var round = AlertConditions.Build(probes(), inventory(), time.GetUtcNow(), engine.States.Select(s => s.Source));
        var decisions = engine.Evaluate(round);
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
}
