namespace Doomsday.Watch.Alerting;

/// <summary>
/// Everything the engine knows about one alert, keyed by <see cref="Fingerprint"/>. Serialisable (see
/// <see cref="AlertStateJson"/>): the store persists it after every round that changed it, and an engine
/// built from the persisted states continues where the old one stopped — an alert already notified is not
/// notified again until its repeat is due, and the next notification gets the Id the old engine would have
/// given it. Fields change only on transitions, so a quiet round changes no state.
/// </summary>
public sealed record AlertState
{
    public required string Fingerprint { get; init; }
    public required string Name { get; init; }
    public required string Source { get; init; }
    // `init => field = value ?? default`: source-generated JSON calls every init accessor, with null when the member is
    // absent from the document (dotnet/runtime#84484), which would drop the initializer. JsonContextsTests guards it.
    public IReadOnlyDictionary<string, string> Labels { get; init => field = value ?? new Dictionary<string, string>(); } = new Dictionary<string, string>();
    public required string Severity { get; init; }
    public required string Summary { get; init; }
    public string Detail { get; init => field = value ?? ""; } = "";
    public string? Runbook { get; init; }
    public DateTimeOffset? NotAfter { get; init; }

    public required AlertStatus Status { get; init; }

    /// <summary>When the condition was first seen in this episode (the notification's <c>startsAt</c>; part of notification ids).</summary>
    public required DateTimeOffset FirstSeenAt { get; init; }
    public DateTimeOffset? FiringAt { get; init; }

    /// <summary>Firing, but its condition was absent since then (the flapping guard holds it for <c>KeepFiringFor</c>).</summary>
    public DateTimeOffset? ClearedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Notifications issued in this episode; the next one is number <c>Sequence + 1</c>.</summary>
    public int Sequence { get; init; }
    public DateTimeOffset? LastNotifiedAt { get; init; }

    /// <summary>When the next repeat is due; null: no repeat scheduled.</summary>
    public DateTimeOffset? NextNotificationAt { get; init; }

    /// <summary>Certificate alerts: the <see cref="EscalationStep.Below"/> of the step last notified.</summary>
    public TimeSpan? NotifiedStepBelow { get; init; }
    public string? NotifiedSeverity { get; init; }

    /// <summary>Every notifier that got a firing notification in this episode: they all get the resolved one.</summary>
    public IReadOnlyList<string> NotifiedTo { get; init => field = value ?? []; } = [];

    public Acknowledgement? Ack { get; init; }

    /// <summary>
    /// Notifiers an external silence (<see cref="AlertingOptions.ExternalSilences"/>) held back from the last
    /// firing notification while others got it: they get it once that silence no longer holds them.
    /// </summary>
    public IReadOnlyList<string> HeldFrom { get; init => field = value ?? []; } = [];

    /// <summary><c>silence:ID</c>, <c>maintenance:NAME</c>, <c>ack</c> or <c>external:ID</c> (an Alertmanager's silence) while notifications are withheld; else null.</summary>
    public string? SuppressedBy { get; init; }

    /// <summary>Id of the last withheld notification written to the incident log (each is logged once).</summary>
    public string? LastSuppressedId { get; init; }

    public bool Equals(AlertState? other) =>
        other is not null
        && Fingerprint == other.Fingerprint && Name == other.Name && Source == other.Source
        && Labels.Count == other.Labels.Count && Labels.All(l => other.Labels.TryGetValue(l.Key, out var v) && v == l.Value)
        && Severity == other.Severity && Summary == other.Summary && Detail == other.Detail && Runbook == other.Runbook
        && NotAfter == other.NotAfter && Status == other.Status && FirstSeenAt == other.FirstSeenAt && FiringAt == other.FiringAt
        && ClearedAt == other.ClearedAt && ResolvedAt == other.ResolvedAt && Sequence == other.Sequence
        && LastNotifiedAt == other.LastNotifiedAt && NextNotificationAt == other.NextNotificationAt
        && NotifiedStepBelow == other.NotifiedStepBelow && NotifiedSeverity == other.NotifiedSeverity
        && NotifiedTo.SequenceEqual(other.NotifiedTo) && HeldFrom.SequenceEqual(other.HeldFrom) && Equals(Ack, other.Ack)
        && SuppressedBy == other.SuppressedBy && LastSuppressedId == other.LastSuppressedId;

    public override int GetHashCode() => HashCode.Combine(Fingerprint, Status, Sequence, FirstSeenAt);
}
