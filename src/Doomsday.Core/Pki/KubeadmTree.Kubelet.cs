using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Pki;

/// <summary>The kubelet's files of a tree, and its life after <c>kubeadm init</c>: rotations, a worker that joins (<see cref="KubeletPki"/>).</summary>
public sealed partial class KubeadmTree
{
    private (X509Certificate2 Certificate, AsymmetricAlgorithm Key)? _signer;

    /// <summary>
    /// The kubelet's first start on a node that <c>kubeadm init</c> made: it stores kubelet.conf's
    /// kubeadm-signed certificate as its first rotated file and, as the certificate manager does with a
    /// certificate it did not request, asks for its own at once (a CSR the controller-manager signs);
    /// kubeadm then points kubelet.conf at <c>kubelet-client-current.pem</c>. It also writes its self-signed
    /// serving pair and kubeadm's KubeletConfiguration.
    /// </summary>
    internal void StartKubelet(bool controlPlane)
    {
        var o = _issuer.Options;
        var dir = KubeletDirectory!;
        var started = o.KubeletStartedAt ?? o.Now;
        KubeletPki.StoreConfig(dir, o, controlPlane);
        if (controlPlane && Certificates.TryGetValue(N.KubeletConf, out var initial))
        {
            using var initialKey = initial.GetECDsaPrivateKey();
            if (initialKey is not null) KubeletPki.StoreClient(dir, started, initial, initialKey, link: false);
            else
            {
                // kubeadm's RSA key: the file store writes whatever key it was handed.
                using var rsa = initial.GetRSAPrivateKey()!;
                KubeadmTreeBuilder.Write(Path.Combine(dir, "pki", KubeletPki.ClientFileName(started)),
                    initial.ExportCertificatePem() + "\n" + rsa.ExportRSAPrivateKeyPem() + "\n", KubeadmTreeBuilder.Private);
            }
        }
        var validity = o.Validity.TryGetValue(N.KubeletConf, out var v) ? v : null;
        RotateKubeletClient(started + TimeSpan.FromSeconds(2), validity: validity);
        WriteServing(o.NodeName, started);
    }

    /// <summary>
    /// The kubelet rotates its client certificate at <paramref name="signedAt"/>: a new P-256 key, a certificate
    /// from the controller-manager's signer (<see cref="KubeletPki.SignClient"/>), a new dated file and, unless
    /// told otherwise, <c>kubelet-client-current.pem</c> pointed at it.
    /// </summary>
    /// <returns>The new dated file.</returns>
    public string RotateKubeletClient(DateTimeOffset signedAt, bool link = true, CertificateValidity? validity = null) =>
        RotateKubeletClient(KubeletDirectory ?? throw new InvalidOperationException("the tree has no kubelet directory"), _issuer.Options.NodeName, signedAt, link, validity);

    private string RotateKubeletClient(string kubeletDir, string nodeName, DateTimeOffset signedAt, bool link, CertificateValidity? validity)
    {
        var (ca, caKey) = Signer;
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var cert = KubeletPki.SignClient(ca, caKey, nodeName, signedAt, key, validity);
        var file = KubeletPki.StoreClient(kubeletDir, signedAt, cert, key, link);
        if (link && kubeletDir == KubeletDirectory)
        {
            if (_certificates.Remove(KubeadmTreeBuilder.KubeletClient, out var old)) old.Dispose();
            _certificates[KubeadmTreeBuilder.KubeletClient] = cert; // it keeps its key
        }
        else
        {
            cert.Dispose();
            key.Dispose();
        }
        return file;
    }

    /// <summary>
    /// <c>kubeadm join</c> of a worker node: pki/ca.crt, the kubelet's configuration, a client certificate from
    /// TLS bootstrap (signed by the controller-manager), kubelet.conf as the kubelet writes it after
    /// bootstrapping (cluster <c>default-cluster</c>, user <c>default-auth</c>), and its own serving pair.
    /// </summary>
    public void JoinWorker(string root, string kubeletDirectory, string nodeName, DateTimeOffset at)
    {
        var o = _issuer.Options;
        var caFile = File.ReadAllText(Path.Combine(Root, "pki", "ca.crt"));
        KubeadmTreeBuilder.Write(Path.Combine(root, "pki", "ca.crt"), caFile, KubeadmTreeBuilder.Public);
        var ca = _certificates[N.Ca];
        KubeadmTreeBuilder.Write(Path.Combine(root, "kubelet.conf"),
            KubeadmTreeFiles.BootstrappedKubeconfig(KubeadmTreeFiles.Server(o.NodeIp), ca.ExportCertificatePem() + "\n"), KubeadmTreeBuilder.Private);
        KubeletPki.StoreConfig(kubeletDirectory, o, controlPlane: false);
        RotateKubeletClient(kubeletDirectory, nodeName, at, link: true, validity: null);
        var (leaf, servingCa, leafKey) = KubeletPki.SelfSignedServing(nodeName, at);
        KubeletPki.StoreServing(kubeletDirectory, leaf, servingCa, leafKey);
        leaf.Dispose();
        servingCa.Dispose();
    }

    /// <summary>The CA the controller-manager signs kubelet certificates with (its <c>--cluster-signing-cert-file</c>).</summary>
    internal (X509Certificate2 Certificate, AsymmetricAlgorithm Key) Signer
    {
        get => _signer ?? (_issuer.Authority(N.Ca), _issuer.KeyOf(N.Ca));
        set => _signer = value;
    }

    private void WriteServing(string host, DateTimeOffset at)
    {
        var o = _issuer.Options;
        var (leaf, ca, leafKey) = KubeletPki.SelfSignedServing(host, at, o.Validity.TryGetValue(KubeadmTreeBuilder.KubeletServing, out var v) ? v : null);
        KubeletPki.StoreServing(KubeletDirectory!, leaf, ca, leafKey);
        _certificates[KubeadmTreeBuilder.KubeletServing] = leaf;
        ca.Dispose();
    }
}
