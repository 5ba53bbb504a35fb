using Doomsday.Core.Sources.Kubeadm;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Sources.Kubeadm;

public sealed class KubeadmLayoutTests
{
    [Theory]
    [InlineData("/etc/kubernetes/pki/ca.crt")]
    [InlineData("/var/lib/kubelet/pki/kubelet-client-current.pem")]
    [InlineData("/etc/ssl/certs/ca.pem")]
    public void Map_LiveNode_PathsUnchanged(string path)
    {
        Assert.Equal(path, new KubeadmLayout("/etc/kubernetes").Map(path));
        Assert.Equal(path, new KubeadmLayout("/etc/kubernetes/").Map(path));
    }

    [Theory]
    [InlineData("/etc/kubernetes/pki/ca.crt", "/backup/etc-kubernetes/pki/ca.crt")]
    [InlineData("/etc/kubernetes", "/backup/etc-kubernetes")]
    [InlineData("/var/lib/kubelet/pki/kubelet.crt", "/var/lib/kubelet/pki/kubelet.crt")]
    [InlineData("/etc/kubernetesX/a", "/etc/kubernetesX/a")]
    public void Map_CopyOfTheTree_EtcKubernetesUnderRootOthersUnchanged(string path, string expected)
    {
        Assert.Equal(expected, new KubeadmLayout("/backup/etc-kubernetes").Map(path));
    }

    [Fact]
    public void Map_CopyOfANodeFilesystem_KubeletUnderTheSameCopy()
    {
        var layout = new KubeadmLayout("/mnt/node1/etc/kubernetes");

        Assert.Equal("/mnt/node1/var/lib/kubelet", layout.KubeletDir);
        Assert.Equal("/mnt/node1/var/lib/kubelet/pki/kubelet-client-current.pem", layout.Map("/var/lib/kubelet/pki/kubelet-client-current.pem"));
        Assert.Equal("/mnt/node1/etc/kubernetes/admin.conf", layout.Map("/etc/kubernetes/admin.conf"));
    }

    [Fact]
    public void Map_ExplicitKubeletDir_Wins()
    {
        var layout = new KubeadmLayout("/copy") { KubeletDir = "/elsewhere/kubelet" };

        Assert.Equal("/elsewhere/kubelet/pki/kubelet.crt", layout.Map("/var/lib/kubelet/pki/kubelet.crt"));
    }

    [Theory]
    [InlineData("/mnt/node1/etc/kubernetes/pki/ca.crt", "/etc/kubernetes/pki/ca.crt")]
    [InlineData("/mnt/node1/var/lib/kubelet/pki/kubelet-client-current.pem", "/var/lib/kubelet/pki/kubelet-client-current.pem")]
    [InlineData("/home/me/.kube/config", "/home/me/.kube/config")]
    public void NodePath_CopyOfANodeFilesystem_ThePathOnTheNode(string read, string node) =>
        Assert.Equal(node, new KubeadmLayout("/mnt/node1/etc/kubernetes").NodePath(read));

    [Fact]
    public void Resolve_AbsoluteLinkInACopy_FollowedUnderTheCopy()
    {
        using var dir = new TempDir();
        var layout = new KubeadmLayout(dir.Combine("node", "etc", "kubernetes"));
        var pki = dir.Dir("node/var/lib/kubelet/pki");
        var dated = dir.File("node/var/lib/kubelet/pki/kubelet-client-2026-01-15-12-00-00.pem", "x");
        var current = Path.Combine(pki, "kubelet-client-current.pem");
        File.CreateSymbolicLink(current, "/var/lib/kubelet/pki/kubelet-client-2026-01-15-12-00-00.pem");

        Assert.Equal(dated, layout.Resolve(current));
        Assert.Equal("/var/lib/kubelet/pki/kubelet-client-current.pem", new KubeadmLayout("/etc/kubernetes").Resolve("/var/lib/kubelet/pki/kubelet-client-current.pem"));
    }
}
