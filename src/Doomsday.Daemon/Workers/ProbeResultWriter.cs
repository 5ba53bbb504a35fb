using Doomsday.Core.Store;

namespace Doomsday.Daemon.Workers;

/// <summary>Drains probe results into the store, one transaction per batch (a thousand probes every 10 s is 100 rows a second).</summary>
internal sealed class ProbeResultWriter(ProbeObserver observer, DoomsdayStore store)
{
    public const string Name = "probe-results";

    public Task RoundAsync(CancellationToken cancellationToken)
    {
        var batch = new List<StoredProbeResult>();
        while (batch.Count < 5000 && observer.Results.Reader.TryRead(out var r)) batch.Add(r);
        if (batch.Count > 0) store.ProbeResults.Add(batch);
        return Task.CompletedTask;
    }
}
