using System.Formats.Asn1;
using System.Text;

namespace Doomsday.Core.Certificates;

/// <summary>Formats an X.501 Name as an RFC 4514 string (most specific RDN first, as <c>openssl -nameopt RFC2253</c>).</summary>
public static class DistinguishedNames
{
    public static (string Text, string? CommonName) Format(ReadOnlyMemory<byte> nameDer, AsnEncodingRules rules)
    {
        var rdns = new List<string>();
        string? cn = null;
        var seq = new AsnReader(nameDer, rules).ReadSequence();
        while (seq.HasData)
        {
            var set = seq.ReadSetOf(skipSortOrderValidation: true);
            string? rdn = null;
            while (set.HasData)
            {
                var atv = set.ReadSequence();
                var oid = atv.ReadObjectIdentifier();
                var value = ReadValue(atv, out var isString);
                if (oid == Oids.CommonName && isString) cn = value;
                var part = Oids.AttributeName(oid) + "=" + (isString ? Escape(value) : value);
                rdn = rdn is null ? part : rdn + "+" + part; // multi-valued RDNs are rare
            }
            rdns.Add(rdn ?? "");
        }
        rdns.Reverse();
        // cn holds the last CN in encoding order, the most specific one (Go's pkix.Name does the same).
        return (string.Join(',', rdns), cn);
    }

    private static string ReadValue(AsnReader atv, out bool isString)
    {
        isString = DirectoryStrings.TryRead(atv, goTypesOnly: false, out var text);
        return isString ? text : "#" + Convert.ToHexStringLower(atv.ReadEncodedValue().Span);
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
