using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Sources.Kubeadm;

namespace Doomsday.Watch.Renewal;

/// <summary>
/// What a renewal needs from the node beyond its files, injected so tests can stand in for it: which
/// renewer runs (kubeadm or native), the cluster's kubeadm configuration, and the container runtime
/// the restart step watches.
/// </summary>
public interface IRenewalEnvironment
{
    ICertificateRenewer Renewer(RenewalRequest request, string root, KubeadmClusterConfiguration? configuration, KubeadmNode node);

    /// <summary>The ClusterConfiguration text and where it came from, or why it could not be read.</summary>
    Task<(string? Text, string? Source, string? Error)> FetchClusterConfigurationAsync(string root, CancellationToken cancellationToken);

    /// <param name="ports">Each static pod's serving port (pod name → target), for runtimes that can only watch ports.</param>
    IPodObserver PodObserver(IReadOnlyDictionary<string, EndpointTarget> ports);
}
