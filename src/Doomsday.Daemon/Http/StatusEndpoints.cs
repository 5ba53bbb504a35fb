using System.Reflection;
using Doomsday.Daemon.Http.V1;
using Doomsday.Daemon.Workers;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Probes;
using Doomsday.Watch.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Doomsday.Daemon.Http;

/// <summary>What <c>GET /api/v1/status</c> reads: the parts of the running daemon it summarises.</summary>
internal sealed record StatusSources(
    DateTimeOffset StartedAt,
    TimeProvider Time,
    WorkerHealth Health,
    Func<IReadOnlyList<ProbeStatus>> Probes,
    Func<InventorySnapshot?> Inventory,
    AlertEngine Engine,
    DoomsdayStore Store);

/// <summary><c>GET /api/v1/status</c>: workers, the last inventory, probes down, alerts, the outbox backlog (<see cref="V1Status"/>).</summary>
internal static class StatusEndpoints
{
    private static readonly string Version =
        (typeof(StatusEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    public static void Map(IEndpointRouteBuilder app, StatusSources sources) =>
        app.MapGet("/api/v1/status", () => Results.Json(Build(sources), V1Json.Default.V1Status));

    internal static V1Status Build(StatusSources s)
    {
        var now = s.Time.GetUtcNow();
        var problems = s.Health.Problems();
        var workers = s.Health.Workers().Select(w => new V1Worker(w.Name, w.Running, w.LastRound, w.Interval.TotalSeconds, w.StoppedBecause)).ToList();
        var inventory = s.Inventory();
        var lastScan = inventory is null
            ? null
            : new V1LastScan(inventory.ScannedAt, inventory.Certificates.Count, inventory.Errors.Count, inventory.Findings.Count,
                inventory.Errors.Select(e => new V1SourceError(e.Source.Display, e.Source.Kind, e.Reason, e.Message)).ToList());
        var probes = s.Probes();
        var down = probes.Where(p => p.State == ProbeState.Down).Select(p => p.Probe.Name).Order(StringComparer.Ordinal).ToList();
        var probeCounts = new V1ProbeCounts(probes.Count, probes.Count(p => p.State == ProbeState.Up), down.Count, probes.Count(p => p.State == ProbeState.Unknown), down);
        var open = s.Engine.States.Where(a => a.Status != AlertStatus.Resolved).ToList();
        var alerts = new V1AlertCounts(open.Count(a => a.Status == AlertStatus.Firing), open.Count(a => a.Status == AlertStatus.Pending),
            open.Count(a => a.Ack is not null), open.Count(a => a.SuppressedBy is not null));
        var outbox = new V1OutboxStatus(s.Store.Outbox.PendingCount(), s.Store.Outbox.OldestPendingCreatedAt());
        return new V1Status(Version, s.StartedAt, now, problems.Count == 0, problems, workers, lastScan, probeCounts, alerts, outbox,
            s.Engine.Silences.Count(x => x.IsActive(now)));
    }
}
