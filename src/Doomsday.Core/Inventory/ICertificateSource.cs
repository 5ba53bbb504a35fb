namespace Doomsday.Core.Inventory;

/// <summary>A place certificates come from (files, a kubeconfig, a kubeadm node, live endpoints).</summary>
public interface ICertificateSource
{
    /// <summary>What the source reads as a whole: the place of the one error it gets when <see cref="Scanner"/> abandons it.</summary>
    SourceRef Origin { get; }

    /// <summary>Reads everything it can; every failure is reported to the sink as a <see cref="SourceError"/>, never thrown.</summary>
    Task CollectAsync(IInventorySink sink, CancellationToken cancellationToken);
}
