using System.Collections.Concurrent;
using System.Threading.Channels;
using Doomsday.Core.Reporting;
using Doomsday.Daemon.Logging;
using Doomsday.Watch.Probes;
using Doomsday.Watch.Store;

namespace Doomsday.Daemon.Workers;

/// <summary>
/// The scheduler's observer. Must not block the probes' loops: results go into a channel that
/// <see cref="ProbeResultWriter"/> drains into the store in batches; a state change logs one line and
/// wakes the alert round. Also remembers when each probe's current failure streak began (the incident's
/// first failure).
/// </summary>
internal sealed class ProbeObserver(EventLog log, Action stateChanged) : IProbeObserver
{
    private const string Component = "probes";
    private readonly ConcurrentDictionary<string, DateTimeOffset> _streakStart = new(StringComparer.Ordinal);

    public Channel<StoredProbeResult> Results { get; } = Channel.CreateBounded<StoredProbeResult>(
        new BoundedChannelOptions(100_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>The last results of each probe, for the pages.</summary>
    public RecentProbeResults Recent { get; } = new();

    public DateTimeOffset? FailureStreakStart(string probe) => _streakStart.TryGetValue(probe, out var at) ? at : null;

    public void OnResult(ProbeOptions probe, ProbeResult result, DateTimeOffset at)
    {
        if (result.Success) _streakStart.TryRemove(probe.Name, out _);
        else _streakStart.TryAdd(probe.Name, at);
        var stored = new StoredProbeResult(probe.Name, at, result.Success, result.Duration, result.ReasonCode, result.Detail);
        Recent.Add(stored);
        Results.Writer.TryWrite(stored);
    }

    public void OnStateChanged(ProbeStateChange change)
    {
        var r = change.Result;
        if (change.To == ProbeState.Down)
            log.Write(LogEvents.ProbeDown, Component, $"{change.Probe.Name} ({change.Probe.Kind}) down after {Plurals.Count(change.Count, "failure")}: {r.ReasonCode}" + (r.Detail.Length > 0 ? " " + r.Detail : ""),
                new("probe", change.Probe.Name), new("kind", change.Probe.Kind), new("reason", r.ReasonCode ?? ""));
        else
            log.Write(LogEvents.ProbeState, Component, $"{change.Probe.Name} ({change.Probe.Kind}) {change.To.ToString().ToLowerInvariant()}" + (change.From == ProbeState.Unknown ? "" : $" after {Plurals.Count(change.Count, "success", "successes")}"),
                new("probe", change.Probe.Name), new("kind", change.Probe.Kind), new("state", change.To.ToString().ToLowerInvariant()));
        stateChanged();
    }
}
