namespace Doomsday.Watch.Store;

/// <summary>Rows deleted by one <see cref="DoomsdayStore.Prune"/>.</summary>
public sealed record PruneResult(int ProbeResults, int Incidents, int Snapshots, int OutboxRows, int Silences);
