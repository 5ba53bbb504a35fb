namespace Doomsday.Watch.Store;

/// <summary>One probe run as stored (<see cref="Reason"/>: the probe's reason code, null on success).</summary>
public sealed record StoredProbeResult(string Probe, DateTimeOffset At, bool Success, TimeSpan Duration, string? Reason, string Detail);
