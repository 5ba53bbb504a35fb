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
    public required DateTimeOffset Now { get; init; }
    public Thresholds Thresholds { get; init; } = Thresholds.Default;
    /// <summary>A CertificateSigningRequest still Pending after this long is a <c>csr-pending</c> finding.</summary>
    public TimeSpan CsrPendingAfter { get; init; } = DefaultCsrPendingAfter;

    public static readonly TimeSpan DefaultCsrPendingAfter = TimeSpan.FromHours(1);

    /// <summary>True when the layout is this machine's own /etc/kubernetes (not a copy of another node's tree).</summary>
    public bool IsLiveNode => Layout is not null && Path.GetFullPath(Layout.Root).TrimEnd('/') == KubeadmLayout.DefaultRoot;

    public StaticPodManifest? Manifest(string component) => Manifests.FirstOrDefault(m => m.Component == component);

    /// <summary>The first certificate of a file, given the path as a manifest or kubeconfig writes it.</summary>
    public FoundCertificate? CertificateAt(string writtenPath)
    {
        var path = Layout?.Map(writtenPath) ?? writtenPath;
        return Certificates.FirstOrDefault(c => c.Source is FileSourceRef f && f.Path == path && (f.Index ?? 0) == 0)
            ?? Certificates.FirstOrDefault(c => c.Source is KubeconfigSourceRef k && k.ReferencedPath == path && (k.Index ?? 0) == 0);
    }

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
