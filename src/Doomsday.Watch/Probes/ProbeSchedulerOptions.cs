namespace Doomsday.Watch.Probes;

/// <summary>How the <see cref="ProbeScheduler"/> runs probes (not per probe: per daemon).</summary>
public sealed record ProbeSchedulerOptions
{
    /// <summary>
    /// Probe runs in flight at once, across all probes. A run waiting for a slot starts late (its
    /// timeout starts with the run); it bounds sockets and memory when thousands of probes are due together.
    /// </summary>
    public int MaxConcurrency { get; init; } = 256;

    /// <summary>
    /// Spread first runs over one interval, at an offset fixed by the probe's name (as Prometheus
    /// spreads scrapes), so a thousand probes with one interval do not all fire in the same instant.
    /// Off: every probe runs at once when added.
    /// </summary>
    public bool SpreadStart { get; init; } = true;
}
