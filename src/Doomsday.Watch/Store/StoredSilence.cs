namespace Doomsday.Watch.Store;

/// <summary>
/// A silence or an acknowledgement (<see cref="Kind"/> <c>silence</c> or <c>ack</c>). <see cref="MatchersJson"/>
/// is the alerting engine's matcher list, stored as it gives it.
/// </summary>
public sealed record StoredSilence(
    string Id,
    string Kind,
    string MatchersJson,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string CreatedBy,
    string Comment,
    DateTimeOffset CreatedAt);
