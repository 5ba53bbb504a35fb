namespace Doomsday.Daemon.Http.V1;

/// <summary><c>GET /api/v1/inventory</c>: the last completed scan; <see cref="ScannedAt"/> null before the first.</summary>
public sealed record V1Inventory(DateTimeOffset? ScannedAt, IReadOnlyList<V1Certificate> Certificates, IReadOnlyList<V1SourceError> Errors);
