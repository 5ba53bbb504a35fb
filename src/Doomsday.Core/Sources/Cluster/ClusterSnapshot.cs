using Doomsday.Core.Certificates;
using k8s.Models;

namespace Doomsday.Core.Sources.Cluster;

/// <summary>
/// What one cluster's API said, read once, for the doctor's API checks. Certificates from Secrets,
/// ConfigMaps, caBundles and CSRs also go to the inventory as <c>FoundCertificate</c>s with a
/// <c>ClusterSourceRef</c>; this holds the objects the checks need beyond those. Lists are empty
/// when the read failed; the failure is in <see cref="Errors"/>.
/// </summary>
public sealed record ClusterSnapshot
{
    /// <summary>The kubeconfig context (or <c>in-cluster</c>).</summary>
    public required string Context { get; init; }

    /// <summary>The API server URL that was used.</summary>
    public required string Server { get; init; }

    /// <summary>The CA the client trusts for this cluster (kubeconfig certificate-authority(-data) or the in-cluster ca.crt).</summary>
    public IReadOnlyList<CertificateInfo> ClusterCa { get; init; } = [];

    /// <summary>The chain the API server presented, leaf first (empty when the handshake failed).</summary>
    public IReadOnlyList<CertificateInfo> ServedChain { get; init; } = [];

    public IReadOnlyList<V1Node> Nodes { get; init; } = [];

    /// <summary>Pods in kube-system.</summary>
    public IReadOnlyList<V1Pod> SystemPods { get; init; } = [];

    /// <summary>Deployments in kube-system.</summary>
    public IReadOnlyList<V1Deployment> SystemDeployments { get; init; } = [];

    /// <summary>DaemonSets in kube-system.</summary>
    public IReadOnlyList<V1DaemonSet> SystemDaemonSets { get; init; } = [];

    public IReadOnlyList<V1CertificateSigningRequest> SigningRequests { get; init; } = [];

    /// <summary>Every <c>kube-root-ca.crt</c> ConfigMap the filters let through.</summary>
    public IReadOnlyList<V1ConfigMap> RootCaConfigMaps { get; init; } = [];

    public IReadOnlyList<CaBundle> CaBundles { get; init; } = [];

    public IReadOnlyList<CertManagerCertificate> CertManagerCertificates { get; init; } = [];

    /// <summary>Reads that failed, per kind: a 403 on Secrets leaves every other list intact.</summary>
    public IReadOnlyList<ClusterReadError> Errors { get; init; } = [];

    /// <summary>True when nothing at all could be read (unreachable, 401): checks then report only that.</summary>
    public bool Unreachable { get; init; }
}
