using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Doomsday.Core.Certificates;

namespace Doomsday.Watch.Probes;

/// <summary>
/// The certificates servers present to probes, parsed once: a server presents the same bytes at every run,
/// so a thousand targets probed every ten seconds would otherwise parse a hundred certificates a second
/// for nothing. Bounded: past <see cref="Capacity"/> distinct certificates the cache starts afresh.
/// </summary>
internal static class PresentedCertificates
{
    public const int Capacity = 16384;

    private static readonly ConcurrentDictionary<byte[], CertificateInfo> Parsed = new(new ContentComparer());
    private static readonly ConditionalWeakTable<CertificateInfo, LeafInfo> Leaves = new();

    /// <summary>The certificates of a chain as presented, leaf first; the ones that do not parse are left out.</summary>
    public static IReadOnlyList<CertificateInfo> Parse(IReadOnlyList<byte[]>? presented)
    {
        if (presented is null) return [];
        var chain = new List<CertificateInfo>(presented.Count);
        foreach (var der in presented)
        {
            if (Parsed.TryGetValue(der, out var known))
            {
                chain.Add(known);
                continue;
            }
            if (!DerCertificateParser.TryParse(der, out var info, out _)) continue;
            if (Parsed.Count >= Capacity) Parsed.Clear();
            Parsed[der] = info!;
            chain.Add(info!);
        }
        return chain;
    }

    /// <summary>The leaf's <c>probe_ssl_last_chain_info</c> labels, worked out once per certificate.</summary>
    public static LeafInfo Leaf(CertificateInfo leaf) => Leaves.GetValue(leaf, static l =>
    {
        var (subject, issuer) = GoNameString.FromCertificate(l.Der);
        return new LeafInfo(l.FingerprintSha256, subject, issuer, string.Join(',', l.Sans.Dns));
    });

    private sealed class ContentComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] bytes)
        {
            var hash = new HashCode();
            hash.AddBytes(bytes);
            return hash.ToHashCode();
        }
    }
}
