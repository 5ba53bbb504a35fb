namespace Doomsday.Core.Probes;

/// <summary>Shared services a probe is built with (clock; connection pools are added here, not per probe).</summary>
public sealed record ProbeContext(TimeProvider Time);
