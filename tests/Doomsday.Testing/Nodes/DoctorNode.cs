using Doomsday.Core.Doctor;
using Doomsday.Core.Pki;
using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Testing.Nodes;

/// <summary>
/// One generated kubeadm node (X/etc/kubernetes with X/var/lib/kubelet, the way kubeadm and the kubelet
/// write them) in a directory of its own, that a scenario may change before doctor reads it as a copy
/// of a node's tree (no handshakes).
/// </summary>
internal sealed class DoctorNode : IDisposable
{
    public static DateTimeOffset Now => DoctorTree.Now;

    public DoctorNode(Func<KubeadmTreeOptions, KubeadmTreeOptions>? adjust = null)
    {
        Root = Dir.Combine("node", "etc", "kubernetes");
        KubeletDir = Dir.Combine("node", "var", "lib", "kubelet");
        var options = new KubeadmTreeOptions
        {
            Now = Now,
            KeyAlgorithm = KubeadmKeyAlgorithm.EcdsaP256,
            DistinctKeys = true,
            KubeletDirectory = KubeletDir,
        };
        Tree = KubeadmTreeBuilder.Build(Root, adjust is null ? options : adjust(options));
    }

    public TempDir Dir { get; } = new();
    public string Root { get; }
    public string KubeletDir { get; }
    public KubeadmTree Tree { get; }

    public string Pki(string file) => Path.Combine(Root, "pki", file);
    public string KubeletPki(string file) => Path.Combine(KubeletDir, "pki", file);

    public void Edit(string relative, Func<string, string> change) => Edit(Root, relative, change);

    /// <summary>Changes a file of a tree; the change must change something.</summary>
    public static void Edit(string root, string relative, Func<string, string> change)
    {
        var path = Path.Combine(root, relative);
        var before = File.ReadAllText(path);
        var after = change(before);
        Assert.NotEqual(before, after);
        File.WriteAllText(path, after);
    }

    public DoctorReport Run(DateTimeOffset? now = null, params string[] kubeconfigs) => Gather(Root, now ?? Now, kubeconfigs).Report;

    public static (DoctorInputs Inputs, DoctorReport Report) Gather(string root, DateTimeOffset now, IReadOnlyList<string>? kubeconfigs = null)
    {
        var inputs = new DoctorGatherer(ITlsHandshaker.Default, new FixedTimeProvider(now))
            .GatherAsync(new DoctorRequest { KubeadmRoot = root, Kubeconfigs = kubeconfigs ?? [] }, CancellationToken.None).GetAwaiter().GetResult();
        return (inputs, DoctorChecks.Run(inputs));
    }

    public void Dispose()
    {
        Tree.Dispose();
        Dir.Dispose();
    }
}
