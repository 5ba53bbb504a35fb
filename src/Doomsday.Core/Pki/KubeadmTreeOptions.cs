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
    /// The node's /var/lib/kubelet; when set, <c>pki/kubelet-client-current.pem</c> (a link to the
    /// dated cert+key file, as the kubelet keeps it) and <c>pki/kubelet.crt</c>/<c>.key</c> are written there.
    /// </summary>
    public string? KubeletDirectory { get; init; }

    public KubeadmKeyAlgorithm KeyAlgorithm { get; init; } = KubeadmKeyAlgorithm.Rsa2048;

    /// <summary>
    /// One key pair per certificate, as kubeadm does. Off by default: every certificate (and
    /// sa.key) then shares one key pair, because an RSA-2048 key costs 50 to 250 ms to generate and a
    /// tree needs 17; a shared key keeps a whole tree to one generation. ECDSA keys cost about 1 ms.
    /// </summary>
    public bool DistinctKeys { get; init; }
}
