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

    /// <summary>
    /// The file to open for a path as read (a result of <see cref="Map"/>). A symbolic link whose target is
    /// absolute names the node's own filesystem (the kubelet links <c>kubelet-client-current.pem</c> to
    /// <c>/var/lib/kubelet/pki/kubelet-client-&lt;date&gt;.pem</c> so): in a copy, the target is read under
    /// the copy, as <see cref="Map"/> reads what files name. On the node itself the system follows links.
    /// </summary>
    public string Resolve(string path)
    {
        if (IsLive) return path;
        for (var hops = 0; hops < 16; hops++)
        {
            string? target;
            try
            {
                target = new FileInfo(path).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return path;
            }
            if (target is null) return path;
            path = Path.IsPathRooted(target) ? Map(target) : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path) ?? "/", target));
        }
        return path; // a loop: the read reports it
    }

    /// <summary>
    /// The path on the node for a path as read, the reverse of <see cref="Map"/>: what a runbook run on the
    /// node names (<c>X/etc/kubernetes/pki/ca.crt</c> is <c>/etc/kubernetes/pki/ca.crt</c> there).
    /// </summary>
    public string NodePath(string readPath)
    {
        var full = Path.GetFullPath(readPath);
        var kubelet = Path.GetFullPath(KubeletDir).TrimEnd('/');
        if (kubelet != DefaultKubeletDir && (full == kubelet || full.StartsWith(kubelet + "/", StringComparison.Ordinal)))
        {
            return DefaultKubeletDir + full[kubelet.Length..];
        }
        var root = Path.GetFullPath(Root).TrimEnd('/');
        if (root != DefaultRoot && (full == root || full.StartsWith(root + "/", StringComparison.Ordinal)))
        {
            return DefaultRoot + full[root.Length..];
        }
        return readPath;
    }

    /// <summary>True when this is the machine's own /etc/kubernetes, not a copy of a node's tree.</summary>
    public bool IsLive => Path.GetFullPath(Root).TrimEnd('/') == DefaultRoot;

    private static string KubeletDirFor(string root)
    {
        var full = Path.GetFullPath(root).TrimEnd('/');
        if (full == DefaultRoot || !full.EndsWith(DefaultRoot, StringComparison.Ordinal)) return DefaultKubeletDir;
        return full[..^DefaultRoot.Length] + DefaultKubeletDir;
    }
}
