namespace Doomsday.Watch.Alerting;

/// <summary>
/// Something wrong right now, as one source saw it in one evaluation round: a probe that is down, a
/// certificate below the warning threshold or expired, a doctor finding. <see cref="Source"/> names the
/// source that produced it (any granularity the daemon likes, e.g. <c>probe:etcd</c>,
/// <c>certificates:/etc/kubernetes</c>, <c>doctor</c>); see <see cref="AlertRound.EvaluatedSources"/>.
/// <see cref="NotAfter"/> is set for certificate alerts only: it puts the alert on the escalation schedule
/// instead of the fixed repeat interval. Name and labels make the fingerprint, so put nothing that changes
/// between rounds (a remaining time, a latency) into labels: that goes into <see cref="Summary"/> / <see cref="Detail"/>.
/// </summary>
public sealed record AlertCondition
{
    public required string Name { get; init; }
    public required string Source { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary><c>warning</c>, <c>critical</c>, <c>emergency</c>, <c>expired</c>, ... (see <see cref="AlertSeverities"/>).</summary>
    public required string Severity { get; init; }
    public required string Summary { get; init; }
    public string Detail { get; init; } = "";
    public string? Runbook { get; init; }
    public DateTimeOffset? NotAfter { get; init; }

    public string Fingerprint => AlertFingerprint.Compute(Name, Labels);
}
