namespace Doomsday.Watch.Probes;

/// <summary>
/// What the scheduler holds a target to be, after the thresholds: <see cref="Unknown"/> until
/// SuccessThreshold successes or FailureThreshold failures in a row have been seen.
/// </summary>
public enum ProbeState
{
    Unknown,
    Up,
    Down,
}
