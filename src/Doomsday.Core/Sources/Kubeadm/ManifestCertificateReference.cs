namespace Doomsday.Core.Sources.Kubeadm;

/// <summary>
/// A certificate (or CA bundle) file that a static pod manifest names through one of
/// <see cref="KubeadmNode.CertificateFlags"/>: <paramref name="Path"/> is the full path to read
/// (mapped by <see cref="KubeadmLayout.Map"/>), <paramref name="Flag"/> keeps its leading dashes.
/// </summary>
public sealed record ManifestCertificateReference(string Path, string Component, string Flag)
{
    /// <summary>How messages name the user: <c>kube-apiserver --tls-cert-file</c>.</summary>
    public string User => $"{Component} {Flag}";
}
