using System.Formats.Asn1;

namespace Doomsday.Core.Reporting;

/// <summary>
/// The six distinguished-name fields x509-certificate-exporter puts in labels, picked the way Go's
/// <c>pkix.Name</c> does: the first C, ST, L, O and OU in encoding order and the last CN; values that
/// are not strings are skipped. Missing fields are empty strings.
/// </summary>
internal sealed record NameFields(string C, string ST, string L, string O, string OU, string CN)
{
    public static readonly NameFields Empty = new("", "", "", "", "", "");

    /// <summary>Reads (subject, issuer) from a whole DER certificate; empty fields when it cannot.</summary>
    public static (NameFields Subject, NameFields Issuer) FromCertificate(ReadOnlyMemory<byte> der) => FromCertificate(der, null);

    /// <summary>
    /// As <see cref="FromCertificate(ReadOnlyMemory{byte})"/>, each distinct issuer name decoded once through
    /// <paramref name="issuers"/>: certificates share few issuers, and decoding names is a good share of
    /// labelling 100,000 certificates.
    /// </summary>
    public static (NameFields Subject, NameFields Issuer) FromCertificate(ReadOnlyMemory<byte> der, Dictionary<ReadOnlyMemory<byte>, NameFields>? issuers)
    {
        if (!Certificates.CertificateNames.TryLocate(der, out var subject, out var issuer)) return (Empty, Empty);
        try
        {
            var subjectFields = Read(subject);
            if (issuers is null) return (subjectFields, Read(issuer));
            if (!issuers.TryGetValue(issuer, out var issuerFields)) issuers[issuer] = issuerFields = Read(issuer);
            return (subjectFields, issuerFields);
        }
        catch (AsnContentException)
        {
            return (Empty, Empty);
        }
    }

    /// <summary>A cache for <see cref="FromCertificate(ReadOnlyMemory{byte}, Dictionary{ReadOnlyMemory{byte}, NameFields})"/>, keyed by the encoded name.</summary>
    public static Dictionary<ReadOnlyMemory<byte>, NameFields> IssuerCache() => new(EncodedNameComparer.Instance);

    private sealed class EncodedNameComparer : IEqualityComparer<ReadOnlyMemory<byte>>
    {
        public static readonly EncodedNameComparer Instance = new();

        public bool Equals(ReadOnlyMemory<byte> x, ReadOnlyMemory<byte> y) => x.Span.SequenceEqual(y.Span);

        public int GetHashCode(ReadOnlyMemory<byte> name)
        {
            var hash = new HashCode();
            hash.AddBytes(name.Span);
            return hash.ToHashCode();
        }
    }

    private static NameFields Read(ReadOnlyMemory<byte> nameDer)
    {
        string? c = null, st = null, l = null, o = null, ou = null, cn = null;
        var rdns = new AsnReader(nameDer, AsnEncodingRules.BER).ReadSequence();
        while (rdns.HasData)
        {
            var set = rdns.ReadSetOf(skipSortOrderValidation: true);
            while (set.HasData)
            {
                var atv = set.ReadSequence();
                var oid = atv.ReadObjectIdentifier();
                var value = ReadString(atv);
                if (value is null) continue;
                switch (oid)
                {
                    case "2.5.4.6": c ??= value; break;
                    case "2.5.4.8": st ??= value; break;
                    case "2.5.4.7": l ??= value; break;
                    case "2.5.4.10": o ??= value; break;
                    case "2.5.4.11": ou ??= value; break;
                    case "2.5.4.3": cn = value; break;
                }
            }
        }
        return new NameFields(c ?? "", st ?? "", l ?? "", o ?? "", ou ?? "", cn ?? "");
    }

    private static string? ReadString(AsnReader atv) =>
        Certificates.DirectoryStrings.TryRead(atv, goTypesOnly: true, out var text) ? text : null;
}
