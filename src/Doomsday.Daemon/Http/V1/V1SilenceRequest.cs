namespace Doomsday.Daemon.Http.V1;

/// <summary>
/// <c>POST /api/v1/silences</c>. The matchers are <see cref="Matchers"/> plus those of <see cref="Filter"/>
/// (texts in amtool's syntax, each one matcher or a <c>{…}</c> list). <see cref="StartsAt"/> defaults to
/// now; the end is <see cref="EndsAt"/>, or <see cref="Duration"/> (a Doomsday duration such as <c>2h</c>)
/// after the start.
/// </summary>
public sealed record V1SilenceRequest
{
    // `init => field = value ?? default`: source-generated JSON calls every init accessor, with null when the member is
    // absent from the document (dotnet/runtime#84484), which would drop the initializer. JsonContextsTests guards it.
    public IReadOnlyList<V1Matcher> Matchers { get; init => field = value ?? []; } = [];
    public IReadOnlyList<string> Filter { get; init => field = value ?? []; } = [];
    public DateTimeOffset? StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }
    public string? Duration { get; init; }
    public string CreatedBy { get; init => field = value ?? ""; } = "";
    public string Comment { get; init => field = value ?? ""; } = "";
}
