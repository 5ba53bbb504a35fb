namespace Doomsday.Watch.Probes;

/// <summary>
/// The scheduler's current view of one probe, for <c>/metrics</c> and the API: its state, since when,
/// and its latest result (null before the first run has finished).
/// </summary>
public sealed record ProbeStatus(
    ProbeOptions Probe,
    ProbeState State,
    DateTimeOffset? StateSince,
    ProbeResult? LastResult,
    DateTimeOffset? LastRunAt,
    int ConsecutiveFailures,
    int ConsecutiveSuccesses)
{
    public static ProbeStatus Initial(ProbeOptions probe) => new(probe, ProbeState.Unknown, null, null, null, 0, 0);

    /// <summary>
    /// This status after <paramref name="result"/>: FailureThreshold failures in a row make the target
    /// Down, SuccessThreshold successes in a row make it Up (thresholds below 1 count as 1). Anything
    /// in between keeps the state, so a single blip neither raises nor resolves an alert.
    /// </summary>
    public (ProbeStatus Next, ProbeStateChange? Change) After(ProbeResult result, DateTimeOffset at)
    {
        var failures = result.Success ? 0 : ConsecutiveFailures + 1;
        var successes = result.Success ? ConsecutiveSuccesses + 1 : 0;
        var state = State;
        if (!result.Success && State != ProbeState.Down && failures >= Math.Max(1, Probe.FailureThreshold)) state = ProbeState.Down;
        if (result.Success && State != ProbeState.Up && successes >= Math.Max(1, Probe.SuccessThreshold)) state = ProbeState.Up;
        var changed = state != State;
        var next = this with
        {
            State = state,
            StateSince = changed ? at : StateSince,
            LastResult = result,
            LastRunAt = at,
            ConsecutiveFailures = failures,
            ConsecutiveSuccesses = successes,
        };
        return (next, changed ? new ProbeStateChange(Probe, State, state, result, at, result.Success ? successes : failures) : null);
    }
}
