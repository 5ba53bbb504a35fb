namespace Doomsday.Watch.Probes;

/// <summary>
/// A target changed state. <see cref="Result"/> is the run that crossed the threshold: for
/// <c>Down</c> a failing result (its reason code and detail go into the alert), for <c>Up</c> a success.
/// <see cref="Count"/> is how many results in a row led to the change.
/// </summary>
public sealed record ProbeStateChange(ProbeOptions Probe, ProbeState From, ProbeState To, ProbeResult Result, DateTimeOffset At, int Count);
