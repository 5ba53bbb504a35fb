using System.Collections.Concurrent;

namespace Doomsday.Daemon.Workers;

/// <summary>
/// What <c>/healthz</c> reports, and what <c>DoomsdayDegraded</c> alerts are raised for: each worker's last
/// completed round and whether its loop still runs. A worker is unhealthy when its loop ended, when its last
/// round failed (threw), when its last round completed only in part (<see cref="Degraded"/>: e.g. an alert
/// whose evaluation threw while the others went on), or when it has not completed a round for
/// <c>2 × interval + 1 minute</c> (a round stuck on something that ignores its timeout).
/// </summary>
public sealed class WorkerHealth(TimeProvider time)
{
    private sealed record State(bool Running, DateTimeOffset Since, DateTimeOffset? LastRound, TimeSpan Interval, string? StoppedBecause)
    {
        /// <summary>Why the last round failed (null: it completed).</summary>
        public string? Failed { get; init; }

        /// <summary>What the last completed round could not do (empty: everything).</summary>
        public IReadOnlyList<string> Degraded { get; init; } = [];
    }

    private readonly ConcurrentDictionary<string, State> _workers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Func<DateTimeOffset, IEnumerable<HealthProblem>>> _checks = new();

    /// <summary>Adds problems found elsewhere (things that run outside a worker loop, e.g. the probes' own loops, the store file).</summary>
    public void AddCheck(Func<DateTimeOffset, IEnumerable<HealthProblem>> check) => _checks.Enqueue(check);

    public void Started(string worker, TimeSpan interval) => _workers[worker] = new State(true, time.GetUtcNow(), null, interval, null);

    /// <summary>A round completed: clears a failure of the previous round (not what <see cref="Degraded"/> said: the worker says that itself).</summary>
    public void Round(string worker, TimeSpan interval) =>
        _workers.AddOrUpdate(worker, _ => new State(true, time.GetUtcNow(), time.GetUtcNow(), interval, null),
            (_, s) => s with { LastRound = time.GetUtcNow(), Interval = interval, Failed = null });

    /// <summary>
    /// A round threw: the worker is unhealthy until a round completes. The round still counts as one (the
    /// loop is alive), so the worker is not also reported stale.
    /// </summary>
    public void RoundFailed(string worker, TimeSpan interval, string because) =>
        _workers.AddOrUpdate(worker, _ => new State(true, time.GetUtcNow(), time.GetUtcNow(), interval, null) { Failed = because },
            (_, s) => s with { LastRound = time.GetUtcNow(), Interval = interval, Failed = because });

    /// <summary>What the worker's last round could not do, one line each; an empty list says it did everything.</summary>
    public void Degraded(string worker, IReadOnlyList<string> problems) =>
        _workers.AddOrUpdate(worker, _ => new State(true, time.GetUtcNow(), null, TimeSpan.Zero, null) { Degraded = problems },
            (_, s) => s with { Degraded = problems });

    public void Stopped(string worker, string because) =>
        _workers.AddOrUpdate(worker, _ => new State(false, time.GetUtcNow(), null, TimeSpan.Zero, because),
            (_, s) => s with { Running = false, StoppedBecause = because });

    /// <summary>Each worker as it is now, by name: for <c>/api/v1/status</c>.</summary>
    public IReadOnlyList<WorkerStatus> Workers() => _workers.OrderBy(kv => kv.Key, StringComparer.Ordinal)
        .Select(kv => new WorkerStatus(kv.Key, kv.Value.Running, kv.Value.LastRound, kv.Value.Interval, kv.Value.StoppedBecause)).ToList();

    public IReadOnlyDictionary<string, bool> Running() => _workers.ToDictionary(kv => kv.Key, kv => kv.Value.Running, StringComparer.Ordinal);

    /// <summary>Empty when every worker is alive and did all of its last round; otherwise one line per problem (<c>COMPONENT: WHAT</c>).</summary>
    public IReadOnlyList<string> Problems() => Issues().Select(p => p.ToString()).ToList();

    /// <summary>The problems with the component each is about.</summary>
    public IReadOnlyList<HealthProblem> Issues()
    {
        var now = time.GetUtcNow();
        var problems = new List<HealthProblem>();
        foreach (var (name, s) in _workers.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!s.Running)
            {
                problems.Add(new HealthProblem(name, $"stopped ({s.StoppedBecause})"));
                continue;
            }
            if (s.Failed is { } failed) problems.Add(new HealthProblem(name, "last round failed: " + failed));
            foreach (var d in s.Degraded) problems.Add(new HealthProblem(name, d) { Partial = true });
            var last = s.LastRound ?? s.Since;
            var allowed = s.Interval * 2 + TimeSpan.FromMinutes(1);
            if (now - last > allowed) problems.Add(new HealthProblem(name, $"no round completed since {last:yyyy-MM-ddTHH:mm:ssZ}"));
        }
        foreach (var check in _checks) problems.AddRange(check(now));
        return problems;
    }
}

/// <summary>One worker: whether its loop runs, when it last completed a round, its interval, and why it stopped.</summary>
public sealed record WorkerStatus(string Name, bool Running, DateTimeOffset? LastRound, TimeSpan Interval, string? StoppedBecause);

/// <summary>One thing <c>/healthz</c> reports: the component (a worker's name, <c>probe NAME</c>, <c>store</c>) and what is wrong with it.</summary>
public sealed record HealthProblem(string Component, string Message)
{
    /// <summary>The component did the rest of its work (a round that completed without one alert or route), as opposed to failing, stalling or stopping.</summary>
    public bool Partial { get; init; }

    public override string ToString() => $"{Component}: {Message}";
}
