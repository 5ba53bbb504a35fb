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
    /// <c>admin.conf (ca)</c>), else a file of its own under a readable name (not an OpenSSL hash link such as
    /// <c>5273a94c.0</c>, not an entry of a bundle), else any file, else the first place found.
    /// </summary>
    private static EvaluatedCertificate PrimaryOf(List<EvaluatedCertificate> places) => places.MinBy(Rank)!;

    private static int Rank(EvaluatedCertificate place) => place.Found switch
    {
        { Name: not null, Source: FileSourceRef } => 0,
        { Source: FileSourceRef { Index: null or 0 } f } when !IsHashLink(f.Path) => 1,
        { Source: FileSourceRef { Index: null or 0 } } => 2,
        { Name: not null } => 3,
        { Source: FileSourceRef } => 4,
        _ => 5,
    };

    /// <summary><c>c_rehash</c>'s names: 8 hex digits of the subject hash, a dot, a counter (<c>5273a94c.0</c>).</summary>
    private static bool IsHashLink(string path)
    {
        var name = Path.GetFileName(path);
        var dot = name.IndexOf('.');
        return dot == 8 && name[..8].All(char.IsAsciiHexDigit) && name.Length > 9 && name[9..].All(char.IsAsciiDigit);
    }
}
