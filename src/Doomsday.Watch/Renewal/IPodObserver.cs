namespace Doomsday.Watch.Renewal;

/// <summary>One container of a static pod as the container runtime lists it.</summary>
public sealed record PodContainer(string Id, bool Running);

/// <summary>
/// What the node's container runtime says about the containers of one static pod (its manifest's
/// file name without <c>.yaml</c>: <c>kube-apiserver</c>). The restart step watches it to know when the
/// kubelet has stopped the old container and started a new one. On a node this is <c>crictl</c>; tests
/// hand in their kubelet stand-in.
/// </summary>
public interface IPodObserver
{
    /// <summary>A short name for messages ("crictl", "the ports the manifests name").</summary>
    string Name { get; }

    /// <summary>The pod's containers, running or exited; empty when it has none. Never throws for runtime trouble: returns null with <paramref name="error"/> instead.</summary>
    Task<(IReadOnlyList<PodContainer>? Containers, string? Error)> ObserveAsync(string pod, CancellationToken cancellationToken);
}
