using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;

namespace Doomsday.Cli.Rendering;

/// <summary>
/// One certificate however many places hold it (the same SHA-256 fingerprint: a CA in <c>pki/ca.crt</c> and
/// embedded in five kubeconfigs, a root in <c>/etc/ssl/certs</c> by name, by hash link and in the bundle):
/// one table row, with every place in <c>-o wide</c>. JSON keeps one object per place.
/// </summary>
internal sealed record CertificateGroup(EvaluatedCertificate Primary, IReadOnlyList<EvaluatedCertificate> Places)
{
    public CertificateInfo Certificate => Primary.Found.Certificate;
    public Severity Severity => Primary.Severity;

    /// <summary>A private key was found beside the certificate in at least one place.</summary>
    public bool KeyFound => Places.Any(p => p.Found.KeyMatches is not null);

    public bool KeyMismatch => Places.Any(p => p.Found.KeyMatches == false);

    public IReadOnlyList<string> UsedBy => Places.SelectMany(p => p.Found.UsedBy).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Groups certificates by fingerprint, keeping the order of <paramref name="sorted"/> (worst first).</summary>
    public static List<CertificateGroup> Group(IEnumerable<EvaluatedCertificate> sorted)
    {
        var groups = new Dictionary<string, List<EvaluatedCertificate>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var e in sorted)
        {
            var key = e.Found.Certificate.FingerprintSha256;
            if (!groups.TryGetValue(key, out var places))
            {
                groups[key] = places = [];
                order.Add(key);
            }
            places.Add(e);
        }
        return order.Select(k => new CertificateGroup(PrimaryOf(groups[k]), groups[k])).ToList();
    }

    /// <summary>
    /// The place that names the row: a certificate file kubeadm names (<c>pki/ca.crt</c> as <c>ca</c>, not
    /// <c>admin.conf (ca)</c>), else any named place, else a file, else the first found.
    /// </summary>
    private static EvaluatedCertificate PrimaryOf(List<EvaluatedCertificate> places) =>
        places.FirstOrDefault(p => p.Found is { Name: not null, Source: FileSourceRef })
        ?? places.FirstOrDefault(p => p.Found.Name is not null)
        ?? places.FirstOrDefault(p => p.Found.Source is FileSourceRef)
        ?? places[0];
}
