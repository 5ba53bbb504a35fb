namespace Doomsday.Core.Configuration;

/// <summary>
/// <c>certificates.cluster</c>: read the cluster through the Kubernetes API (Secrets, CA bundles,
/// cert-manager). <see cref="Kubeconfig"/> null: in-cluster config, then <c>$KUBECONFIG</c>.
/// </summary>
public sealed record ClusterConfig
{
    public bool Enabled { get; init; } = true;
    public string? Kubeconfig { get; init; }
    public string? Context { get; init; }
}
