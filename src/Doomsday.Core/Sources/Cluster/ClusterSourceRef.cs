using Doomsday.Core.Inventory;

namespace Doomsday.Core.Sources.Cluster;

/// <summary>
/// A certificate (or an error) read through the Kubernetes API. <paramref name="Cluster"/> is the
/// kubeconfig context name (or <c>in-cluster</c>); <paramref name="ObjectKind"/> the API kind
/// (<c>Secret</c>, <c>ConfigMap</c>, <c>ValidatingWebhookConfiguration</c>, ...);
/// <paramref name="Key"/> the data key or field path (<c>tls.crt</c>, <c>webhooks[0].clientConfig.caBundle</c>).
/// For list-level errors <paramref name="Name"/> is empty.
/// </summary>
public sealed record ClusterSourceRef(
    string Cluster,
    string ObjectKind,
    string? Namespace,
    string Name,
    string Key,
    int? Index = null) : SourceRef
{
    public override string Kind => "kubernetes";

    public override string Display =>
        $"{Cluster} {ObjectKind} " + (Namespace is null ? Name : $"{Namespace}/{Name}") +
        (Key.Length == 0 ? "" : $" {Key}") + (Index is > 0 ? $" #{Index}" : "");
}
