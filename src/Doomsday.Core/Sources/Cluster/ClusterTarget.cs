using Doomsday.Core.Certificates;
using k8s;

namespace Doomsday.Core.Sources.Cluster;

/// <summary>
/// One cluster to read: a kubeconfig context (or the in-cluster service account) turned into a client
/// configuration. <see cref="ClusterCa"/> is the CA the client trusts for the API server (empty when the
/// context trusts the system roots or skips verification). The configuration may hold a token: never print it.
/// </summary>
public sealed record ClusterTarget(string Context, KubernetesClientConfiguration Configuration, IReadOnlyList<CertificateInfo> ClusterCa)
{
    /// <summary>The API server URL, as configured.</summary>
    public string Server => Configuration.Host ?? "";

    internal ClusterApiClient CreateClient() => new(Configuration);
}
