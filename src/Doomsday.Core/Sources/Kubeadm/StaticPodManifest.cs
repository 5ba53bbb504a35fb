namespace Doomsday.Core.Sources.Kubeadm;

/// <summary>
/// What Doomsday needs from one static pod manifest (<c>/etc/kubernetes/manifests/*.yaml</c>): the
/// component it runs and its command-line flags (<c>--tls-cert-file</c> → <c>/etc/kubernetes/pki/apiserver.crt</c>).
/// Flags keep their leading dashes; paths are as written in the manifest (not mapped).
/// </summary>
public sealed record StaticPodManifest(string Path, string Component, IReadOnlyDictionary<string, string> Flags)
{
    public string? Flag(string name) => Flags.TryGetValue(name, out var v) ? v : null;
}
