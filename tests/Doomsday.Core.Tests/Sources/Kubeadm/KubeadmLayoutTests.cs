using Doomsday.Core.Sources.Kubeadm;

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
}
