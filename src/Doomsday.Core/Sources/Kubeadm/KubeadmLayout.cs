namespace Doomsday.Core.Sources.Kubeadm;

/// <summary>
/// Where a kubeadm node's files live. For a copy of a node's tree (root other than
/// /etc/kubernetes), absolute paths under /etc/kubernetes/ are read under the root instead.
/// Paths under /var/lib/kubelet/ are read under <see cref="KubeletDir"/>: as they are on a live
/// node, and for a copy of a node's whole filesystem (root <c>X/etc/kubernetes</c>) under
/// <c>X/var/lib/kubelet</c>, so a copied node never reads this machine's kubelet files.
/// Other absolute paths are read as they are.
/// </summary>
public sealed record KubeadmLayout(string Root)
{
    public const string DefaultRoot = "/etc/kubernetes";
    public const string DefaultKubeletDir = "/var/lib/kubelet";
    private const string Prefix = DefaultRoot + "/";
    private const string KubeletPrefix = DefaultKubeletDir + "/";

    /// <summary>The node's /var/lib/kubelet (see the type's remarks for the default).</summary>
    public string KubeletDir { get; init; } = KubeletDirFor(Root);

    public string Pki => Path.Combine(Root, "pki");
    public string Manifests => Path.Combine(Root, "manifests");
    public string KubeletPki => Path.Combine(KubeletDir, "pki");

    /// <summary>Maps a path written in a kubeconfig or manifest to the path to read.</summary>
    public string Map(string path)
    {
        if (path.StartsWith(KubeletPrefix, StringComparison.Ordinal))
        {
            var kubelet = Path.GetFullPath(KubeletDir).TrimEnd('/');
            return kubelet == DefaultKubeletDir ? path : kubelet + "/" + path[KubeletPrefix.Length..];
        }
        var root = Path.GetFullPath(Root).TrimEnd('/');
        if (root == DefaultRoot) return path;
        if (path == DefaultRoot) return root;
        return path.StartsWith(Prefix, StringComparison.Ordinal) ? root + "/" + path[Prefix.Length..] : path;
    }

    private static string KubeletDirFor(string root)
    {
        var full = Path.GetFullPath(root).TrimEnd('/');
        if (full == DefaultRoot || !full.EndsWith(DefaultRoot, StringComparison.Ordinal)) return DefaultKubeletDir;
        return full[..^DefaultRoot.Length] + DefaultKubeletDir;
    }
}
