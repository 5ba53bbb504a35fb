namespace Doomsday.Daemon.Http.V1;

/// <summary>
/// <c>GET /api/v1/status</c>: the daemon at a glance, what <c>doomsday status</c> prints. <see cref="Healthy"/> and
/// <see cref="Problems"/> are what <c>/healthz</c> says; <see cref="LastScan"/> is null before the first inventory.
/// </summary>
public sealed record V1Status(
    string Version,
    DateTimeOffset StartedAt,
    DateTimeOffset Now,
    bool Healthy,
    IReadOnlyList<string> Problems,
    IReadOnlyList<V1Worker> Workers,
    V1LastScan? LastScan,
    V1ProbeCounts Probes,
    V1AlertCounts Alerts,
    V1OutboxStatus Outbox,
    int ActiveSilences);
