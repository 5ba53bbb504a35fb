namespace Doomsday.Daemon.Http.V1;

/// <summary>
/// <c>POST /api/v1/incidents/events</c>: an event another program writes into the incident log, such as
/// <c>doomsday renew</c>'s outcome. <see cref="Kind"/> is one of the posted kinds (docs/http-api.md);
/// <see cref="Subject"/> names what it is about (the renewed node): each subject has its own timeline.
/// </summary>
public sealed record V1IncidentEventRequest
{
    /// <summary>Limits (docs/http-api.md, "Limits"); <see cref="By"/> has the 256 of a silence's author.</summary>
    public const int MaxSubjectLength = 256;
    public const int MaxDetailLength = 4096;

    public string? Kind { get; init; }
    public string? Subject { get; init; }
    public string? Detail { get; init; }

    /// <summary>Who wrote it (<c>doomsday renew on HOST</c>); kept in the event as its notifier column.</summary>
    public string? By { get; init; }

    /// <summary>When it happened; default: when the daemon receives it.</summary>
    public DateTimeOffset? At { get; init; }
}
