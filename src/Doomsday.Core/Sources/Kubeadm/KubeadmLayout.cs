namespace Doomsday.Core.Sources.Kubeadm;

/// <summary>
/// Where a kubeadm node's files live. For a copy of a node's tree (root other than
/// /etc/kubernetes), absolute paths under /etc/kubernetes/ are read under the root instead;
/// other absolute paths (/var/lib/kubelet/pki/...) are read as they are.
/// </summary>
public sealed record KubeadmLayout(string Root)
{
    public const string DefaultRoot = "/etc/kubernetes";
    private const string Prefix = DefaultRoot + "/";

    public string Pki => Path.Combine(Root, "pki");
    public string Manifests => Path.Combine(Root, "manifests");

    /// <summary>Maps a path written in a kubeconfig or manifest to the path to read.</summary>
    public string Map(string path)
    {
        var root = Path.GetFullPath(Root).TrimEnd('/');
        if (root == DefaultRoot) return path;
        if (path == DefaultRoot) return root;
        return path.StartsWith(Prefix, StringComparison.Ordinal) ? root + "/" + path[Prefix.Length..] : path;
    }
}
