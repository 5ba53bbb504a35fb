namespace Doomsday.Daemon.Http.V1;

/// <summary><c>GET /api/v1/findings</c>: the doctor findings of the last completed scan.</summary>
public sealed record V1Findings(DateTimeOffset? ScannedAt, IReadOnlyList<V1Finding> Findings);
