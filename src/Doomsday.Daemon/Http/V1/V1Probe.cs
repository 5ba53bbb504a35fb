namespace Doomsday.Daemon.Http.V1;

/// <summary>
/// One probe: <see cref="State"/> is <c>unknown</c> (not enough runs yet), <c>up</c> or <c>down</c> (after the
/// thresholds); the last run's outcome, with its reason code (docs/reason-codes.md) when it failed.
/// </summary>
public sealed record V1Probe(
    string Name,
    string Kind,
    string State,
    DateTimeOffset? StateSince,
    DateTimeOffset? LastRunAt,
    bool? LastSuccess,
    double? LastDurationSeconds,
    string? LastReason,
    string? LastDetail,
    int ConsecutiveFailures,
    double IntervalSeconds,
    int FailureThreshold);
