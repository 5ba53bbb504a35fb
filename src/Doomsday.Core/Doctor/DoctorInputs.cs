using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Reporting;
using Doomsday.Core.Sources.Cluster;
using Doomsday.Core.Sources.Kubeadm;
using Doomsday.Core.Sources.Kubeconfig;

namespace Doomsday.Core.Doctor;

/// <summary>Everything the checks look at, gathered once (files, kubeconfigs, manifests, handshakes).</summary>
public sealed record DoctorInputs
{
    public required IReadOnlyList<FoundCertificate> Certificates { get; init; }
    public IReadOnlyList<SourceError> Errors { get; init; } = [];
    /// <summary>The certificates and errors of each configured source (for the per-source metrics).</summary>
    public SourceTally Sources { get; init; } = new();
    public KubeadmLayout? Layout { get; init; }
    public IReadOnlyList<StaticPodManifest> Manifests { get; init; } = [];
    public IReadOnlyList<KubeconfigDocument> Kubeconfigs { get; init; } = [];
    public IReadOnlyList<ServedComponent> Served { get; init; } = [];
    public IReadOnlyList<KubeconfigServer> KubeconfigServers { get; init; } = [];
    /// <summary>One snapshot per cluster read through the API (<c>doctor --cluster</c>); empty otherwise.</summary>
    public IReadOnlyList<ClusterSnapshot> Clusters { get; init; } = [];
    /// <summary>The kubelet's configuration file of the node (<c>/var/lib/kubelet/config.yaml</c>); null when absent.</summary>
    public KubeletConfiguration? Kubelet { get; init; }
    public required DateTimeOffset Now { get; init; }
    public Thresholds Thresholds { get; init; } = Thresholds.Default;
    /// <summary>A CertificateSigningRequest still Pending after this long is a <c>csr-pending</c> finding.</summary>
    public TimeSpan CsrPendingAfter { get; init; } = DefaultCsrPendingAfter;

    public static readonly TimeSpan DefaultCsrPendingAfter = TimeSpan.FromHours(1);

    /// <summary>True when the layout is this machine's own /etc/kubernetes (not a copy of another node's tree).</summary>
    public bool IsLiveNode => Layout is not null && Layout.IsLive;

    /// <summary>The path on the node for a path as read: what runbooks name (<see cref="KubeadmLayout.NodePath"/>).</summary>
    public string NodePath(string readPath) => Layout?.NodePath(readPath) ?? readPath;

    public StaticPodManifest? Manifest(string component) => Manifests.FirstOrDefault(m => m.Component == component);

    /// <summary>The first certificate of a file, given the path as a manifest or kubeconfig writes it.</summary>
    public FoundCertificate? CertificateAt(string writtenPath)
    {
        var path = Layout?.Map(writtenPath) ?? writtenPath;
        return Certificates.FirstOrDefault(c => c.Source is FileSourceRef f && f.Path == path && (f.Index ?? 0) == 0)
            ?? Certificates.FirstOrDefault(c => c.Source is KubeconfigSourceRef k && k.ReferencedPath == path && (k.Index ?? 0) == 0);
    }

    /// <summary>Every certificate of a file, in file order, given the path as a manifest or kubeconfig writes it.</summary>
    public IReadOnlyList<FoundCertificate> CertificatesAt(string writtenPath)
    {
        var path = Layout?.Map(writtenPath) ?? writtenPath;
        var files = Certificates.Where(c => c.Source is FileSourceRef f && f.Path == path).ToList();
        if (files.Count == 0) files = Certificates.Where(c => c.Source is KubeconfigSourceRef k && k.ReferencedPath == path && k.EmbeddedKind == "cluster").ToList();
        return files.GroupBy(c => c.Certificate.FingerprintSha256).Select(g => g.First()).ToList();
    }

    /// <summary>Every certificate of the file (or kubeconfig field) <paramref name="found"/> was read from, itself included.</summary>
    public IReadOnlyList<FoundCertificate> SameFile(FoundCertificate found) => found.Source switch
    {
        FileSourceRef f => Certificates.Where(c => c.Source is FileSourceRef o && o.Path == f.Path).ToList(),
        KubeconfigSourceRef k => Certificates.Where(c => c.Source is KubeconfigSourceRef o && o with { Index = null } == k with { Index = null }).ToList(),
        _ => [found],
    };

    /// <summary>
    /// The CAs the API server trusts for client certificates: every certificate of its <c>--client-ca-file</c>
    /// (old and new CA during a rotation), else of pki/ca.crt; empty when neither was read.
    /// <see cref="ClientCaFile"/> is that file as the node names it.
    /// </summary>
    public IReadOnlyList<FoundCertificate> ClientCas => ClientCaFile is { } file ? CertificatesAt(file) : [];

    public string? ClientCaFile =>
        Manifest("kube-apiserver")?.Flag("--client-ca-file") is { } flag && CertificatesAt(flag).Count > 0 ? flag
        : Named("ca") is { Source: FileSourceRef f } ? NodePath(f.Path)
        : null;

    /// <summary>The cluster CA file kubeadm keeps (pki/ca.crt, old and new CA during a rotation): every certificate in it.</summary>
    public IReadOnlyList<FoundCertificate> ClusterCas => Named("ca") is { } ca ? SameFile(ca) : [];

    /// <summary>Certificates a kubeconfig holds or names for one cluster or user entry.</summary>
    public IEnumerable<FoundCertificate> InKubeconfig(string path, string embeddedKind, string embeddedName) =>
        Certificates.Where(c => c.Source is KubeconfigSourceRef k && k.Path == path && k.EmbeddedKind == embeddedKind && k.EmbeddedName == embeddedName);

    public FoundCertificate? Named(string kubeadmName) =>
        Certificates.FirstOrDefault(c => c.Name == kubeadmName && c.Source is FileSourceRef);

    /// <summary>CA certificates that could have issued <paramref name="cert"/>: same subject as its issuer, matching key id when both have one.</summary>
    public IEnumerable<FoundCertificate> IssuerCandidates(CertificateInfo cert) =>
        Certificates.Where(c => c.Certificate.Subject == cert.Issuer
                                && (cert.AuthorityKeyId is null || c.Certificate.SubjectKeyId is null || cert.AuthorityKeyId == c.Certificate.SubjectKeyId)
                                && c.Certificate.FingerprintSha256 != cert.FingerprintSha256)
            .GroupBy(c => c.Certificate.FingerprintSha256)
            .Select(g => g.First());
}
