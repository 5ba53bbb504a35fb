using Doomsday.Watch.Store;

namespace Doomsday.Daemon.Workers;

/// <summary>Drains probe results into the store, one transaction per batch (a thousand probes every 10 s is 100 rows a second).</summary>
internal sealed class ProbeResultWriter(ProbeObserver observer, DoomsdayStore store)
{
    public const string Name = "probe-results";

    // A batch the store refused (busy, disk full) is kept and written first next round, not dropped.
    private List<StoredProbeResult>? _refused;

    public Task RoundAsync(CancellationToken cancellationToken)
    {
        var batch = _refused ?? [];
        _refused = null;
        while (batch.Count < 5000 && observer.Results.Reader.TryRead(out var r)) batch.Add(r);
        if (batch.Count == 0) return Task.CompletedTask;
        try
        {
            store.ProbeResults.Add(batch);
        }
        catch
        {
            _refused = batch;
            throw; // the loop logs it
        }
        return Task.CompletedTask;
    }
}
