namespace Doomsday.Core.Sources.Kubeadm;

/// <summary>
/// A certificate file kubeadm writes under pki/ (<paramref name="RelativePath"/> with '/'), its
/// kubeadm name, and the kubeadm CA that issues it (null for the CAs themselves).
/// </summary>
public sealed record KubeadmPkiFile(string RelativePath, string Name, string? Authority);
