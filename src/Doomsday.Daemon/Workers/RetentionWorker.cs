using Doomsday.Daemon.Logging;
using Doomsday.Watch.Store;

namespace Doomsday.Daemon.Workers;

/// <summary>Deletes history past its retention, so the store's growth is bounded.</summary>
internal sealed class RetentionWorker(DoomsdayStore store, Func<RetentionSettings> retention, EventLog log)
{
    public const string Name = "retention";

    public Task RoundAsync(CancellationToken cancellationToken)
    {
        var pruned = store.Prune(retention());
        var total = pruned.ProbeResults + pruned.Incidents + pruned.Snapshots + pruned.OutboxRows + pruned.Silences;
        if (total > 0)
            log.Write(LogEvents.RetentionPruned, Name, $"pruned {pruned.ProbeResults} probe results, {pruned.Incidents} incidents, {pruned.Snapshots} snapshots, {pruned.OutboxRows} outbox rows, {pruned.Silences} silences");
        return Task.CompletedTask;
    }
}
