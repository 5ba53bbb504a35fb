using System.Net;
using System.Security.Cryptography.X509Certificates;
using Doomsday.Core.Pki;
using Doomsday.Core.Sources.Kubeadm;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Pki;

/// <summary>The files of each stage of the kubernetes.io CA rotation procedure, checked with openssl.</summary>
public sealed class KubeadmTreeCaRotationTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();
    private readonly KubeadmTree _tree;

    public KubeadmTreeCaRotationTests()
    {
        _tree = KubeadmTreeBuilder.Build(_dir.Combine("etc", "kubernetes"), new KubeadmTreeOptions
        {
            Now = Now - TimeSpan.FromDays(200),
            NodeName = "cp-1",
            NodeIp = IPAddress.Parse("192.168.7.20"),
            KeyAlgorithm = KubeadmKeyAlgorithm.EcdsaP256,
            DistinctKeys = true,
            KubeletDirectory = _dir.Combine("var", "lib", "kubelet"),
        });
    }

    public void Dispose()
    {
        _tree.Dispose();
        _dir.Dispose();
    }

    /// <summary>openssl judges validity at this test's "now", not the machine's.</summary>
    private static string At => Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string Pki(string file) => Path.Combine(_tree.Root, "pki", file);

    private static X509Certificate2Collection Certs(string file)
    {
        var c = new X509Certificate2Collection();
        c.ImportFromPem(File.ReadAllText(file));
        return c;
    }

    [Fact]
    public void AdvanceCaRotation_NewCaDistributed_BundleKeyAndSigningCopy()
    {
        var old = Certs(Pki("ca.crt"))[0];

        _tree.AdvanceCaRotation(CaRotationStage.NewCaDistributed, newCaFirst: false, Now);

        var bundle = Certs(Pki("ca.crt"));
        Assert.Equal(2, bundle.Count);
        Assert.Equal(old.RawData, bundle[0].RawData);
        Assert.Equal(Certs(Pki("ca-new.crt"))[0].RawData, bundle[1].RawData);
        // ca.key is the new CA's key: openssl pairs it with the second certificate only
        var keyDigest = Openssl.Run("pkey", "-in", Pki("ca.key"), "-pubout");
        Assert.Equal(keyDigest, Openssl.Run("x509", "-in", Pki("ca-new.crt"), "-noout", "-pubkey"));
        var manifest = File.ReadAllText(Path.Combine(_tree.Root, "manifests", "kube-controller-manager.yaml"));
        Assert.Contains("--cluster-signing-cert-file=/etc/kubernetes/pki/ca-new.crt", manifest);
        Assert.Contains("--root-ca-file=/etc/kubernetes/pki/ca.crt", manifest);
        Assert.Contains("OK", Openssl.Run("verify", "-attime", At, "-CAfile", Pki("ca.crt"), Pki("apiserver.crt")));
    }

    [Fact]
    public void AdvanceCaRotation_ServingReissued_LeavesFromTheNewCaKubeletRotated()
    {
        _tree.AdvanceCaRotation(CaRotationStage.ServingReissued, newCaFirst: true, Now);

        foreach (var leaf in new[] { "apiserver.crt", "apiserver-kubelet-client.crt" })
        {
            Assert.Contains("OK", Openssl.Run("verify", "-attime", At, "-CAfile", Pki("ca-new.crt"), Pki(leaf)));
        }
        var current = new FileInfo(Path.Combine(_tree.KubeletDirectory!, "pki", "kubelet-client-current.pem")).LinkTarget!;
        Assert.Equal("/var/lib/kubelet/pki/kubelet-client-2026-01-15-12-00-00.pem", current);
        Assert.Contains("OK", Openssl.Run("verify", "-attime", At, "-CAfile", Pki("ca-new.crt"), Path.Combine(_tree.KubeletDirectory!, "pki", Path.GetFileName(current))));
    }

    [Fact]
    public void AdvanceCaRotation_OldCaRemoved_OneCaEverywhere()
    {
        _tree.AdvanceCaRotation(CaRotationStage.OldCaRemoved, newCaFirst: false, Now);

        Assert.Single(Certs(Pki("ca.crt")));
        Assert.False(File.Exists(Pki("ca-new.crt")));
        Assert.Contains("--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt", File.ReadAllText(Path.Combine(_tree.Root, "manifests", "kube-controller-manager.yaml")));
        Assert.Equal(Certs(Pki("ca.crt"))[0].RawData, _tree.Certificates[KubeadmNames.Ca].RawData);
    }
}
