using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Cluster;
using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Core.Doctor;

/// <summary>What one doctor run looks at.</summary>
public sealed record DoctorRequest
{
    public string? KubeadmRoot { get; init; }
    public IReadOnlyList<string> Kubeconfigs { get; init; } = [];
    public IReadOnlyList<string> Endpoints { get; init; } = [];
    public IReadOnlyList<string> Paths { get; init; } = [];
    /// <summary><c>--component-endpoint NAME=HOST:PORT</c>, by component name (<see cref="ComponentEndpoints.Names"/>).</summary>
    public IReadOnlyDictionary<string, EndpointTarget> ComponentOverrides { get; init; } = new Dictionary<string, EndpointTarget>();
    public ScanOptions Options { get; init; } = new();
    public Thresholds Thresholds { get; init; } = Thresholds.Default;
    /// <summary>How long a CertificateSigningRequest may stay Pending before doctor reports it.</summary>
    public TimeSpan CsrPendingAfter { get; init; } = DoctorInputs.DefaultCsrPendingAfter;
    /// <summary>Clusters to read through the API (<c>doctor --cluster</c>); null when none.</summary>
    public ClusterTargetSet? Clusters { get; init; }
    public ClusterReadOptions ClusterOptions { get; init; } = new();
}
