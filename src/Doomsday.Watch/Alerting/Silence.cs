namespace Doomsday.Watch.Alerting;

/// <summary>
/// Mutes notifications of every alert all of whose labels match <see cref="Matchers"/> between
/// <see cref="StartsAt"/> (inclusive) and <see cref="EndsAt"/> (exclusive). Silenced alerts are still tracked,
/// still change state and still write incident-log events; only their notifications are withheld.
/// </summary>
public sealed record Silence
{
    public required string Id { get; init; }
    public required IReadOnlyList<SilenceMatcher> Matchers { get; init; }
    public required DateTimeOffset StartsAt { get; init; }
    public required DateTimeOffset EndsAt { get; init; }
    public required string CreatedBy { get; init; }
    // `init => field = value ?? default`: source-generated JSON calls every init accessor, with null when the member is
    // absent from the document (dotnet/runtime#84484), which would drop the initializer. JsonContextsTests guards it.
    public string Comment { get; init => field = value ?? ""; } = "";

    public bool IsActive(DateTimeOffset now) => StartsAt <= now && now < EndsAt;

    /// <summary>An empty matcher list matches nothing: a silence must say what it silences.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels) =>
        Matchers.Count > 0 && Matchers.All(m => m.Matches(labels));
}
