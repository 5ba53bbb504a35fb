using System.Runtime.CompilerServices;
using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Cluster;
using Doomsday.Daemon.Workers;

namespace Doomsday.Daemon.Web.Pages;

/// <summary>One distinct certificate (by SHA-256 fingerprint) and every place the inventory found it.</summary>
internal sealed record CertificateGroup(CertificateInfo Certificate, IReadOnlyList<FoundCertificate> Places, string Cluster)
{
    public string Fingerprint => Certificate.FingerprintSha256;

    /// <summary>kubeadm's name when a place gave one, else the common name, else the subject.</summary>
    public string Title => Places.Select(p => p.Name).FirstOrDefault(n => !string.IsNullOrEmpty(n))
        ?? Certificate.SubjectCommonName ?? Certificate.Subject;

    public Severity SeverityAt(Thresholds thresholds, DateTimeOffset now) => thresholds.Classify(Certificate.NotBefore, Certificate.NotAfter, now);

    public string SourceKinds => string.Join(", ", Places.Select(p => p.Source.Kind).Distinct(StringComparer.Ordinal));
}

/// <summary>
/// An inventory grouped for the pages, built once per completed scan (an inventory is immutable) and kept
/// with it: 10,000 certificates are grouped, indexed and sorted once, not at every request.
/// </summary>
internal sealed class CertificateIndex
{
    /// <summary>The cluster column of certificates not read through the Kubernetes API.</summary>
    public const string Local = "local";

    private static readonly ConditionalWeakTable<InventorySnapshot, CertificateIndex> Cache = new();

    public IReadOnlyList<CertificateGroup> Groups { get; }
    public IReadOnlyDictionary<string, CertificateGroup> ByFingerprint { get; }
    public IReadOnlyList<string> Clusters { get; }
    private readonly Dictionary<string, List<CertificateGroup>> _bySubjectKeyId;
    private readonly Dictionary<string, List<CertificateGroup>> _bySubject;

    private CertificateIndex(InventorySnapshot snapshot)
    {
        Groups = snapshot.Certificates
            .GroupBy(c => c.Certificate.FingerprintSha256, StringComparer.Ordinal)
            .Select(g => new CertificateGroup(g.First().Certificate, g.ToList(), ClusterOf(g)))
            .OrderBy(g => g.Certificate.NotAfter).ThenBy(g => g.Title, StringComparer.Ordinal)
            .ToList();
        ByFingerprint = Groups.ToDictionary(g => g.Fingerprint, StringComparer.Ordinal);
        Clusters = Groups.Select(g => g.Cluster).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        _bySubjectKeyId = Groups.Where(g => g.Certificate.SubjectKeyId is not null)
            .GroupBy(g => g.Certificate.SubjectKeyId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        _bySubject = Groups.GroupBy(g => g.Certificate.Subject, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    }

    public static CertificateIndex Of(InventorySnapshot snapshot) => Cache.GetValue(snapshot, s => new CertificateIndex(s));

    /// <summary>
    /// The chain above <paramref name="group"/> as far as the inventory holds it: each issuer found by authority
    /// key id = subject key id (RFC 5280 §4.2.1.1), else by subject name; the latest-expiring candidate when
    /// several (a renewed CA); stops at a self-issued certificate or a loop.
    /// </summary>
    public IReadOnlyList<CertificateGroup> ChainAbove(CertificateGroup group)
    {
        var chain = new List<CertificateGroup>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { group.Fingerprint };
        var current = group;
        while (!current.Certificate.SelfIssued && chain.Count < 10)
        {
            var c = current.Certificate;
            List<CertificateGroup>? candidates = null;
            if (c.AuthorityKeyId is { } aki) _bySubjectKeyId.TryGetValue(aki, out candidates);
            if (candidates is null) _bySubject.TryGetValue(c.Issuer, out candidates);
            var issuer = candidates?.Where(g => g.Certificate.IsCa && !seen.Contains(g.Fingerprint)).MaxBy(g => g.Certificate.NotAfter);
            if (issuer is null) break;
            chain.Add(issuer);
            seen.Add(issuer.Fingerprint);
            current = issuer;
        }
        return chain;
    }

    /// <summary>Certificates <paramref name="ca"/> issued, as far as the inventory holds them.</summary>
    public IEnumerable<CertificateGroup> IssuedBy(CertificateGroup ca) =>
        Groups.Where(g => g != ca && (ca.Certificate.SubjectKeyId is { } ski && g.Certificate.AuthorityKeyId == ski
            || g.Certificate.AuthorityKeyId is null && g.Certificate.Issuer == ca.Certificate.Subject));

    private static string ClusterOf(IEnumerable<FoundCertificate> places) =>
        places.Select(p => p.Source).OfType<ClusterSourceRef>().Select(s => s.Cluster).FirstOrDefault() ?? Local;
}
