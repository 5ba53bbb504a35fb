namespace Doomsday.Watch.Probes;

/// <summary>
/// Receives what the <see cref="ProbeScheduler"/> sees: every result (metrics, the store) and every
/// state change (alerts). Called from the probes' own loops, concurrently for different probes and
/// in order for one probe (<see cref="OnResult"/> first, then <see cref="OnStateChanged"/> for the same
/// run). Must return quickly and not block: hand work over (e.g. to a Channel) rather than do it here.
/// An exception thrown here is swallowed and counted in <see cref="ProbeScheduler.ObserverErrors"/>.
/// </summary>
public interface IProbeObserver
{
    void OnResult(ProbeOptions probe, ProbeResult result, DateTimeOffset at);

    void OnStateChanged(ProbeStateChange change);
}
