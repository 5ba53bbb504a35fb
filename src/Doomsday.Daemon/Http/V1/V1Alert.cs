namespace Doomsday.Daemon.Http.V1;

/// <summary>
/// One alert the engine tracks. <see cref="Status"/>: <c>pending</c>, <c>firing</c>, <c>resolved</c>;
/// <see cref="SuppressedBy"/>: <c>silence:ID</c>, <c>maintenance:NAME</c> or <c>ack</c> while notifications are withheld.
/// </summary>
public sealed record V1Alert(
    string Fingerprint,
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    string Severity,
    string Status,
    string Summary,
    string Detail,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset? FiringAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? LastNotifiedAt,
    string? SuppressedBy,
    V1Acknowledgement? Acknowledgement);
