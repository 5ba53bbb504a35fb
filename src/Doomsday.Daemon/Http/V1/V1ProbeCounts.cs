namespace Doomsday.Daemon.Http.V1;

/// <summary>Probes by state, and the names of those down.</summary>
public sealed record V1ProbeCounts(int Total, int Up, int Down, int Unknown, IReadOnlyList<string> DownNames);
