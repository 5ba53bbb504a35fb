namespace Doomsday.Daemon.Http.V1;

/// <summary><c>POST /api/v1/alerts/{fingerprint}/ack</c>: who owns it, why, and optionally for how long (<see cref="Duration"/>, e.g. <c>4h</c>).</summary>
public sealed record V1AckRequest
{
    // `init => field = value ?? default`: source-generated JSON calls every init accessor, with null when the member is
    // absent from the document (dotnet/runtime#84484), which would drop the initializer. JsonContextsTests guards it.
    /// <summary><c>POST /api/v1/alerts/ack</c> only: which alerts, as label tests (all must match) and/or texts in amtool's syntax.</summary>
    public IReadOnlyList<V1Matcher> Matchers { get; init => field = value ?? []; } = [];
    public IReadOnlyList<string> Filter { get; init => field = value ?? []; } = [];

    public string By { get; init => field = value ?? ""; } = "";
    public string Comment { get; init => field = value ?? ""; } = "";
    public string? Duration { get; init; }
}
