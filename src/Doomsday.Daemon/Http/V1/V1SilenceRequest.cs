namespace Doomsday.Daemon.Http.V1;

/// <summary>
/// <c>POST /api/v1/silences</c>. The matchers are <see cref="Matchers"/> plus those of <see cref="Filter"/>
/// (texts in amtool's syntax, each one matcher or a <c>{…}</c> list). <see cref="StartsAt"/> defaults to
/// now; the end is <see cref="EndsAt"/>, or <see cref="Duration"/> (a Doomsday duration such as <c>2h</c>)
/// after the start.
/// </summary>
public sealed record V1SilenceRequest
{
    public IReadOnlyList<V1Matcher> Matchers { get; init; } = [];
    public IReadOnlyList<string> Filter { get; init; } = [];
    public DateTimeOffset? StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }
    public string? Duration { get; init; }
    public string CreatedBy { get; init; } = "";
    public string Comment { get; init; } = "";
}
