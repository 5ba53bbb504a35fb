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

    public Task RoundAsync(CancellationToken cancellationToken)
    {
        var round = AlertConditions.Build(probes(), inventory(), time.GetUtcNow(), engine.States.Select(s => s.Source));
        writer.Write(engine.Evaluate(round));
        return Task.CompletedTask;
    }
}
