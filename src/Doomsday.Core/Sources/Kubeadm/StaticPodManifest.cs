namespace Doomsday.Core.Sources.Kubeadm;

/// <summary>
/// What Doomsday needs from one static pod manifest (<c>/etc/kubernetes/manifests/*.yaml</c>): the
/// component it runs and its command-line flags (<c>--tls-cert-file</c> → <c>/etc/kubernetes/pki/apiserver.crt</c>).
/// Flags keep their leading dashes; paths are as written in the manifest (not mapped).
/// </summary>
public sealed record StaticPodManifest(string Path, string Component, IReadOnlyDictionary<string, string> Flags)
{
    /// <summary>Every value of the flags given more than once, in order (<c>--service-account-key-file</c> may be).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> RepeatedFlags { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The first container's image (<c>registry.k8s.io/kube-apiserver:v1.31.0</c>): its tag is the release the node runs.</summary>
    public string? Image { get; init; }

    /// <summary>The value of a flag; the last one when it is given more than once, as the components' flag parsing does.</summary>
    public string? Flag(string name) => Flags.TryGetValue(name, out var v) ? v : null;

    /// <summary>Every value of a flag, in order: for the flags a component accumulates (string arrays).</summary>
    public IReadOnlyList<string> FlagValues(string name) =>
        RepeatedFlags.TryGetValue(name, out var all) ? all : Flag(name) is { } one ? [one] : [];
}
