using Doomsday.Core.Inventory;

namespace Doomsday.Core.Sources.Kubeadm;

/// <summary>A kubeadm node's certificates under <paramref name="root"/> (normally /etc/kubernetes). STUB: to be implemented.</summary>
public sealed class KubeadmSource(string root, ScanOptions options) : ICertificateSource
{
    public Task CollectAsync(IInventorySink sink, CancellationToken cancellationToken)
    {
        _ = root;
        _ = options;
        throw new NotImplementedException();
    }
}
