using System.Net;

namespace Doomsday.Core.Pki;

/// <summary>
/// What <see cref="KubeadmTreeBuilder"/> builds. Certificates are valid as kubeadm makes them (CAs
/// 10 years, everything else 1 year, both back-dated 5 minutes from <see cref="Now"/>) unless
/// <see cref="Validity"/> names them: keys are kubeadm names (<c>apiserver</c>, <c>etcd-peer</c>,
/// <c>admin.conf</c>, <c>kubelet.conf</c> for the kubelet's client certificate) and
/// <see cref="KubeadmTreeBuilder.KubeletServing"/> for the kubelet's serving certificate.
/// </summary>
public sealed record KubeadmTreeOptions
{
    public required DateTimeOffset Now { get; init; }
    public string NodeName { get; init; } = "controlplane";
    public IPAddress NodeIp { get; init; } = IPAddress.Parse("10.0.0.10");
    public IPAddress ServiceIp { get; init; } = IPAddress.Parse("10.96.0.1");
    public string DnsDomain { get; init; } = "cluster.local";
    public string KubernetesVersion { get; init; } = "v1.31.0";
    public IReadOnlyDictionary<string, CertificateValidity> Validity { get; init; } = new Dictionary<string, CertificateValidity>();

    /// <summary>
    /// The node's /var/lib/kubelet; when set, the kubelet's files are written there as the kubelet writes
    /// them (<see cref="KubeletPki"/>): <c>config.yaml</c>, the dated client files with
    /// <c>pki/kubelet-client-current.pem</c> an absolute link to the newest, and <c>pki/kubelet.crt</c>/<c>.key</c>.
    /// </summary>
    public string? KubeletDirectory { get; init; }

    public KubeadmKeyAlgorithm KeyAlgorithm { get; init; } = KubeadmKeyAlgorithm.Rsa2048;

    /// <summary>
    /// When the kubelet first started (<see cref="Now"/> unless set): the dated name of its first client
    /// files and the birth of its self-signed serving pair. A node built "two years ago" starts then.
    /// </summary>
    public DateTimeOffset? KubeletStartedAt { get; init; }

    /// <summary><c>rotateCertificates</c> in the kubelet's configuration (kubeadm writes true).</summary>
    public bool RotateCertificates { get; init; } = true;

    /// <summary>kubeadm's external CA mode: pki/ca.key is not on the node; every certificate is already in place.</summary>
    public bool ExternalCa { get; init; }

    /// <summary>Whether kubeadm's three CAs are self-signed or intermediates of one root kept off the node.</summary>
    public KubeadmCaLayout CaLayout { get; init; } = KubeadmCaLayout.SelfSigned;

    /// <summary>
    /// One key pair per certificate, as kubeadm does. Off by default: every certificate (and
    /// sa.key) then shares one key pair, because an RSA-2048 key costs 50 to 250 ms to generate and a
    /// tree needs 17; a shared key keeps a whole tree to one generation. ECDSA keys cost about 1 ms.
    /// </summary>
    public bool DistinctKeys { get; init; }
}
