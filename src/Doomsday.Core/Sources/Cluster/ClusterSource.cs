using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Core.Sources.Cluster;

/// <summary>
/// Certificates read through the Kubernetes API of one or more clusters (<c>scan --cluster</c>):
/// TLS Secrets (and configured Secret types/keys), <c>kube-root-ca.crt</c> (and configured ConfigMap
/// keys), webhook/APIService/CRD <c>caBundle</c>s and issued CSRs. Clusters are read one after another.
/// </summary>
public sealed class ClusterSource(ClusterTargetSet targets, ClusterReadOptions options, ITlsHandshaker? handshaker = null) : ICertificateSource
{
    public SourceRef Origin { get; } = new ClusterSourceRef(targets.Targets.FirstOrDefault()?.Context ?? "", "", null, "", "");

    public async Task CollectAsync(IInventorySink sink, CancellationToken cancellationToken)
    {
        foreach (var error in targets.Errors) sink.Add(error);
        var reader = new ClusterReader(options, handshaker ?? ITlsHandshaker.Default);
        foreach (var target in targets.Targets)
        {
            await reader.ReadAsync(target, sink, ClusterReadScope.Certificates, cancellationToken).ConfigureAwait(false);
        }
    }
}
