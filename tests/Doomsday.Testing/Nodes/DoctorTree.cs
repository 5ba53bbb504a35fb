using Doomsday.Core.Doctor;
using Doomsday.Core.Pki;

namespace Doomsday.Testing.Nodes;

/// <summary>
/// A generated kubeadm node (X/etc/kubernetes with X/var/lib/kubelet) that a test may damage
/// before doctor looks at it, and a second, unrelated node to take foreign certificates from.
/// </summary>
internal sealed class DoctorTree : IDisposable
{
    // Today, so that a certificate openssl dates from the real clock fits in; everything else is relative to it.
    public static readonly DateTimeOffset Now = DateTimeOffset.UtcNow.AddMinutes(-10);

    private readonly TempDir _dir = new();

    public DoctorTree(IReadOnlyDictionary<string, CertificateValidity>? validity = null)
    {
        Root = _dir.Combine("node", "etc", "kubernetes");
        OtherRoot = _dir.Combine("other", "etc", "kubernetes");
        Tree = KubeadmTreeBuilder.Build(Root, Options(_dir.Combine("node", "var", "lib", "kubelet"), validity));
        Other = KubeadmTreeBuilder.Build(OtherRoot, Options(_dir.Combine("other", "var", "lib", "kubelet"), null));
    }

    public string Root { get; }
    public string OtherRoot { get; }
    public KubeadmTree Tree { get; }
    public KubeadmTree Other { get; }

    public string Pki(string file) => Path.Combine(Root, "pki", file);
    public string OtherPki(string file) => Path.Combine(OtherRoot, "pki", file);

    /// <summary>Replaces a file of this node with the same file of the other node.</summary>
    public void TakeFromOther(string relative) => File.Copy(Path.Combine(OtherRoot, relative), Path.Combine(Root, relative), overwrite: true);

    public void Edit(string relative, Func<string, string> change) => DoctorNode.Edit(Root, relative, change);

    public DoctorReport Run(DateTimeOffset? now = null) => Run(Root, now ?? Now);

    public static DoctorReport Run(string root, DateTimeOffset now) => Gather(root, now).Report;

    public static (DoctorInputs Inputs, DoctorReport Report) Gather(string root, DateTimeOffset now) => DoctorNode.Gather(root, now);

    private static KubeadmTreeOptions Options(string kubeletDir, IReadOnlyDictionary<string, CertificateValidity>? validity) => new()
    {
        Now = Now,
        KeyAlgorithm = KubeadmKeyAlgorithm.EcdsaP256,
        DistinctKeys = true,
        KubeletDirectory = kubeletDir,
        Validity = validity ?? new Dictionary<string, CertificateValidity>(),
    };

    public void Dispose()
    {
        Tree.Dispose();
        Other.Dispose();
        _dir.Dispose();
    }
}
