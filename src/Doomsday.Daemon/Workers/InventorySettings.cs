using Doomsday.Core.Certificates;
using Doomsday.Core.Configuration;
using Doomsday.Core.Inventory;

namespace Doomsday.Daemon.Workers;

/// <summary>The <c>certificates</c> section as the inventory worker uses it: what to scan, how often, judged by which thresholds.</summary>
public sealed record InventorySettings
{
    public string? Kubeadm { get; init; }
    public IReadOnlyList<string> Paths { get; init; } = [];
    public IReadOnlyList<string> Kubeconfigs { get; init; } = [];
    public IReadOnlyList<string> Endpoints { get; init; } = [];

    /// <summary><c>certificates.cluster</c>: also read the cluster through the API (certificates and the cluster checks); null: not.</summary>
    public ClusterConfig? Cluster { get; init; }
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(1);
    public Thresholds Thresholds { get; init; } = Thresholds.Default;
    public ScanOptions Options { get; init; } = new();

    public bool IsEmpty => Kubeadm is null && Paths.Count == 0 && Kubeconfigs.Count == 0 && Endpoints.Count == 0 && Cluster is not { Enabled: true };
}
