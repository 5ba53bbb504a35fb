namespace Doomsday.Daemon.Http.V1;

/// <summary><c>POST /api/v1/alerts/{fingerprint}/ack</c>: who owns it, why, and optionally for how long (<see cref="Duration"/>, e.g. <c>4h</c>).</summary>
public sealed record V1AckRequest
{
    /// <summary><c>POST /api/v1/alerts/ack</c> only: which alerts, as label tests (all must match) and/or texts in amtool's syntax.</summary>
    public IReadOnlyList<V1Matcher> Matchers { get; init; } = [];
    public IReadOnlyList<string> Filter { get; init; } = [];

    public string By { get; init; } = "";
    public string Comment { get; init; } = "";
    public string? Duration { get; init; }
}
