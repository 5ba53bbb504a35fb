namespace Doomsday.Watch.Notifiers;

/// <summary>
/// One message about one alert, as stored in the outbox and handed to a notifier.
/// <see cref="Id"/> is the idempotency key (stable across retries and restarts);
/// <see cref="Fingerprint"/> identifies the alert (the same across its notifications);
/// <see cref="Status"/> is <c>firing</c> or <c>resolved</c>.
/// </summary>
public sealed record Notification
{
    public required string Id { get; init; }
    public required string AlertName { get; init; }
    public required string Fingerprint { get; init; }
    public required string Status { get; init; }
    public required string Severity { get; init; }

    /// <summary>
    /// Set on a firing notification that changes the severity receivers were last told (an escalation): the
    /// severity told before. The Alertmanager notifier resolves the alert it knows under that label set.
    /// </summary>
    public string? PreviousSeverity { get; init; }
    public required string Summary { get; init; }
    // `init => field = value ?? default`: source-generated JSON calls every init accessor, with null when the member is
    // absent from the document (dotnet/runtime#84484), which would drop the initializer. JsonContextsTests guards it.
    public string Detail { get; init => field = value ?? ""; } = "";
    public IReadOnlyDictionary<string, string> Labels { get; init => field = value ?? new Dictionary<string, string>(); } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Annotations { get; init => field = value ?? new Dictionary<string, string>(); } = new Dictionary<string, string>();
    public required DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>When this notification was created (the escalation step or state change that caused it).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>True for <c>doomsday notify test</c> messages.</summary>
    public bool IsTest { get; init; }

    /// <summary>
    /// A firing alert told again to a notifier that forgets alerts not re-sent (Alertmanager): it says
    /// nothing new, so it is not a line of the incident timeline, and a newer message of the same alert
    /// to the same receiver replaces it while it waits (docs/notifications.md).
    /// </summary>
    public bool IsResend { get; init; }
}
