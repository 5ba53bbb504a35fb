using System.Collections.Concurrent;

namespace Doomsday.Daemon.Workers;

/// <summary>
/// What <c>/healthz</c> reports: each worker's last completed round and whether its loop still runs.
/// A worker is unhealthy when its loop ended, or when it has not completed a round for
/// <c>2 × interval + 1 minute</c> (a round stuck on something that ignores its timeout).
/// </summary>
public sealed class WorkerHealth(TimeProvider time)
{
    private sealed record State(bool Running, DateTimeOffset Since, DateTimeOffset? LastRound, TimeSpan Interval, string? StoppedBecause);

    private readonly ConcurrentDictionary<string, State> _workers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Func<DateTimeOffset, IEnumerable<string>>> _checks = new();

    /// <summary>Adds problems found elsewhere (things that run outside a worker loop, e.g. the probes' own loops).</summary>
    public void AddCheck(Func<DateTimeOffset, IEnumerable<string>> check) => _checks.Enqueue(check);

    public void Started(string worker, TimeSpan interval) => _workers[worker] = new State(true, time.GetUtcNow(), null, interval, null);

    public void Round(string worker, TimeSpan interval) =>
        _workers.AddOrUpdate(worker, _ => new State(true, time.GetUtcNow(), time.GetUtcNow(), interval, null),
            (_, s) => s with { LastRound = time.GetUtcNow(), Interval = interval });

    public void Stopped(string worker, string because) =>
        _workers.AddOrUpdate(worker, _ => new State(false, time.GetUtcNow(), null, TimeSpan.Zero, because),
            (_, s) => s with { Running = false, StoppedBecause = because });

    /// <summary>Each worker as it is now, by name: for <c>/api/v1/status</c>.</summary>
    public IReadOnlyList<WorkerStatus> Workers() => _workers.OrderBy(kv => kv.Key, StringComparer.Ordinal)
        .Select(kv => new WorkerStatus(kv.Key, kv.Value.Running, kv.Value.LastRound, kv.Value.Interval, kv.Value.StoppedBecause)).ToList();

    public IReadOnlyDictionary<string, bool> Running() => _workers.ToDictionary(kv => kv.Key, kv => kv.Value.Running, StringComparer.Ordinal);

    /// <summary>Empty when every worker is alive; otherwise one reason per worker that is not.</summary>
    public IReadOnlyList<string> Problems()
    {
        var now = time.GetUtcNow();
        var problems = new List<string>();
        foreach (var (name, s) in _workers.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!s.Running)
            {
                problems.Add($"{name}: stopped ({s.StoppedBecause})");
                continue;
            }
            var last = s.LastRound ?? s.Since;
            var allowed = s.Interval * 2 + TimeSpan.FromMinutes(1);
            if (now - last > allowed) problems.Add($"{name}: no round completed since {last:yyyy-MM-ddTHH:mm:ssZ}");
        }
        foreach (var check in _checks) problems.AddRange(check(now));
        return problems;
    }
}

/// <summary>One worker: whether its loop runs, when it last completed a round, its interval, and why it stopped.</summary>
public sealed record WorkerStatus(string Name, bool Running, DateTimeOffset? LastRound, TimeSpan Interval, string? StoppedBecause);
