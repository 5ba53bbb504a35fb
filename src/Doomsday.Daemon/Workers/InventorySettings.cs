using Doomsday.Core.Certificates;
using Doomsday.Core.Configuration;
using Doomsday.Core.Inventory;
using Doomsday.Watch.Configuration;

namespace Doomsday.Daemon.Workers;

/// <summary>The <c>certificates</c> section as the inventory worker uses it: what to scan, how often, judged by which thresholds.</summary>
public sealed record InventorySettings
{
    /// <summary>The config file's <c>certificates</c> section as loaded: sources, <c>cluster</c>, interval.</summary>
    public CertificatesOptions Sources { get; init; } = new();
    public Thresholds Thresholds { get; init; } = Thresholds.Default;
    public ScanOptions Options { get; init; } = new();

    public TimeSpan Interval => Sources.Interval;

    public bool IsEmpty => Sources is { Kubeadm: null, Paths.Count: 0, Kubeconfigs.Count: 0, Endpoints.Count: 0 } && Sources.Cluster is not { Enabled: true };
}
