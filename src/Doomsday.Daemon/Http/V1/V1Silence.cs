namespace Doomsday.Daemon.Http.V1;

/// <summary>A silence; <see cref="State"/> is <c>active</c>, <c>pending</c> (starts later) or <c>expired</c>.</summary>
public sealed record V1Silence(
    string Id,
    IReadOnlyList<V1Matcher> Matchers,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string CreatedBy,
    string Comment,
    string State);
