namespace Doomsday.Daemon.Http.V1;

/// <summary>Alerts the engine tracks, by status; acknowledged and suppressed count firing and pending ones.</summary>
public sealed record V1AlertCounts(int Firing, int Pending, int Acknowledged, int Suppressed);
