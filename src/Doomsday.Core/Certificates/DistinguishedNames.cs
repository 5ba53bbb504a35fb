using System.Formats.Asn1;
using System.Text;

namespace Doomsday.Core.Certificates;

/// <summary>Formats an X.501 Name as an RFC 4514 string (most specific RDN first, as <c>openssl -nameopt RFC2253</c>).</summary>
public static class DistinguishedNames
{
    // The RDNs of the name being formatted: (attribute, value), or (whole RDN text, null) for an
    // empty or multi-valued RDN. Reused per thread so that a name costs one string, not one per RDN.
    [ThreadStatic] private static List<(string Text, string? Value)>? t_rdns;

    public static (string Text, string? CommonName) Format(ReadOnlyMemory<byte> nameDer, AsnEncodingRules rules) => Format(nameDer.Span, rules);

    public static (string Text, string? CommonName) Format(ReadOnlySpan<byte> nameDer, AsnEncodingRules rules)
    {
        var rdns = t_rdns ??= [];
        rdns.Clear();
        string? cn = null;
        // Spans and AsnDecoder rather than an AsnReader per RDN and attribute: names are read twice
        // per certificate, and the readers were a good part of what a scan allocates.
        var name = nameDer;
        AsnDecoder.ReadSequence(name, rules, out var seqOffset, out var seqLength, out _);
        var seq = name.Slice(seqOffset, seqLength);
        while (!seq.IsEmpty)
        {
            AsnDecoder.ReadSetOf(seq, rules, out var setOffset, out var setLength, out var setConsumed, skipSortOrderValidation: true);
            var set = seq.Slice(setOffset, setLength);
            seq = seq[setConsumed..];
            string? attribute = null, shown = null, multi = null;
            while (!set.IsEmpty)
            {
                AsnDecoder.ReadSequence(set, rules, out var atvOffset, out var atvLength, out var atvConsumed);
                var atv = set.Slice(atvOffset, atvLength);
                set = set[atvConsumed..];
                var oid = AsnDecoder.ReadObjectIdentifier(atv, rules, out var oidConsumed);
                var value = ReadValue(atv[oidConsumed..], rules, out var isString);
                if (oid == Oids.CommonName && isString) cn = value;
                var attributeName = Oids.AttributeName(oid);
                var text = isString ? Escape(value) : value;
                if (attribute is null)
                {
                    (attribute, shown) = (attributeName, text);
                }
                else
                {
                    multi = (multi ?? attribute + "=" + shown) + "+" + attributeName + "=" + text; // multi-valued RDNs are rare
                }
            }
            rdns.Add(multi is not null ? (multi, null) : attribute is null ? ("", null) : (attribute, shown));
        }
        // RFC 4514 order: the last RDN in encoding order first. cn holds the last CN in encoding
        // order, the most specific one (Go's pkix.Name does the same).
        var length = Math.Max(0, rdns.Count - 1);
        foreach (var (text, value) in rdns) length += text.Length + (value is null ? 0 : 1 + value.Length);
        return (string.Create(length, rdns, static (span, rdns) =>
        {
            var at = 0;
            for (var i = rdns.Count - 1; i >= 0; i--)
            {
                var (text, value) = rdns[i];
                text.CopyTo(span[at..]);
                at += text.Length;
                if (value is not null)
                {
                    span[at++] = '=';
                    value.CopyTo(span[at..]);
                    at += value.Length;
                }
                if (i > 0) span[at++] = ',';
            }
        }), cn);
    }

    private static string ReadValue(ReadOnlySpan<byte> atv, AsnEncodingRules rules, out bool isString)
    {
        isString = DirectoryStrings.TryRead(atv, rules, goTypesOnly: false, out var text, out _);
        if (isString) return text;
        AsnDecoder.ReadEncodedValue(atv, rules, out _, out _, out var consumed);
        return "#" + Convert.ToHexStringLower(atv[..consumed]);
    }

    private static string Escape(string value)
    {
        if (!NeedsEscaping(value)) return value;
        var sb = new StringBuilder(value.Length + 4);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var special = c is ',' or '+' or '"' or '\\' or '<' or '>' or ';'
                || (i == 0 && (c == '#' || c == ' '))
                || (i == value.Length - 1 && c == ' ');
            if (special) sb.Append('\\');
            if (c < 0x20)
            {
                sb.Append('\\').Append(((int)c).ToString("X2"));
                continue;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static bool NeedsEscaping(string value)
    {
        if (value.Length == 0) return false;
        if (value[0] is '#' or ' ' || value[^1] == ' ') return true;
        foreach (var c in value)
        {
            if (c < 0x20 || c is ',' or '+' or '"' or '\\' or '<' or '>' or ';') return true;
        }
        return false;
    }
}
