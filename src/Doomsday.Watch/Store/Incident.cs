namespace Doomsday.Watch.Store;

/// <summary>One outage of one alert (by fingerprint): from its first failure to its resolution, with the timeline.</summary>
public sealed record Incident(
    long Id,
    string Fingerprint,
    string AlertName,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ResolvedAt,
    IReadOnlyList<IncidentEvent> Events);
