namespace Doomsday.Daemon.Http.V1;

/// <summary>One outage of one alert, from its first failure to its resolution, with its timeline in order.</summary>
public sealed record V1Incident(
    long Id,
    string Fingerprint,
    string AlertName,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ResolvedAt,
    IReadOnlyList<V1IncidentEvent> Events);
