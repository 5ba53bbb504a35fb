using System.Collections.Concurrent;
using Doomsday.Watch.Store;

namespace Doomsday.Daemon.Workers;

/// <summary>
/// The last <see cref="PerProbe"/> results of every probe, in memory, for the pages' latency sparklines: a
/// thousand probes cost no query (the store's history, bucketed, serves the longer charts). Starts empty at
/// each start of the daemon.
/// </summary>
internal sealed class RecentProbeResults
{
    public const int PerProbe = 60;

    private readonly ConcurrentDictionary<string, Ring> _rings = new(StringComparer.Ordinal);

    public void Add(StoredProbeResult result)
    {
        var ring = _rings.GetOrAdd(result.Probe, _ => new Ring());
        lock (ring) ring.Add(result);
    }

    /// <summary>Oldest first; empty for a probe that has not run since the start.</summary>
    public IReadOnlyList<StoredProbeResult> For(string probe)
    {
        if (!_rings.TryGetValue(probe, out var ring)) return [];
        lock (ring) return ring.ToList();
    }

    private sealed class Ring
    {
        private readonly StoredProbeResult[] _items = new StoredProbeResult[PerProbe];
        private int _next;
        private int _count;

        public void Add(StoredProbeResult r)
        {
            _items[_next] = r;
            _next = (_next + 1) % PerProbe;
            _count = Math.Min(_count + 1, PerProbe);
        }

        public List<StoredProbeResult> ToList()
        {
            var list = new List<StoredProbeResult>(_count);
            for (var i = 0; i < _count; i++) list.Add(_items[(_next - _count + i + PerProbe) % PerProbe]);
            return list;
        }
    }
}
