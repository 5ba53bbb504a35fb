using System.Formats.Asn1;
using System.Text;

namespace Doomsday.Core.Certificates;

/// <summary>
/// An X.501 Name written as Go's <c>crypto/x509/pkix.Name.String()</c> writes a parsed certificate's name
/// (Go 1.19/1.20, what blackbox_exporter 0.23 is built with), so label values such as blackbox's
/// <c>probe_ssl_last_chain_info{subject,issuer}</c> match byte for byte. Go's rules: attributes of types it
/// parses into fields (C, O, OU, L, ST, STREET, POSTALCODE, SERIALNUMBER, CN) are regrouped in that fixed
/// order, one RDN per type with its values joined by <c>+</c> (only the last CN is kept); any other attribute
/// comes first in the sequence as its own RDN, as <c>OID=#HEX</c> of its value re-encoded by Go's
/// <c>asn1.Marshal</c>; the sequence is then printed last RDN first, joined by <c>,</c>, escaping
/// <c>, + " \ &lt; &gt; ;</c>, a leading <c>#</c> and a leading or trailing space.
/// </summary>
public static class GoNameString
{
    private static readonly (string Oid, string Name)[] Fields =
    [
        ("2.5.4.6", "C"), ("2.5.4.10", "O"), ("2.5.4.11", "OU"), ("2.5.4.7", "L"), ("2.5.4.8", "ST"),
        ("2.5.4.9", "STREET"), ("2.5.4.17", "POSTALCODE"), ("2.5.4.5", "SERIALNUMBER"),
    ];

    private const string CommonName = "2.5.4.3";

    /// <summary>The subject (or issuer) of a whole DER certificate; "" when it cannot be read.</summary>
    public static (string Subject, string Issuer) FromCertificate(ReadOnlyMemory<byte> der)
    {
        if (!CertificateNames.TryLocate(der, out var subject, out var issuer)) return ("", "");
        try
        {
            return (Format(subject), Format(issuer));
        }
        catch (AsnContentException)
        {
            return ("", "");
        }
    }

    public static string Format(ReadOnlyMemory<byte> nameDer)
    {
        var values = new List<string>[Fields.Length];
        string? cn = null;
        var extras = new List<string>();
        var rdns = new AsnReader(nameDer, AsnEncodingRules.BER).ReadSequence();
        while (rdns.HasData)
        {
            var set = rdns.ReadSetOf(skipSortOrderValidation: true);
            while (set.HasData)
            {
                var atv = set.ReadSequence();
                var oid = atv.ReadObjectIdentifier();
                var encoded = atv.ReadEncodedValue();
                var isString = DirectoryStrings.TryRead(encoded.Span, AsnEncodingRules.BER, goTypesOnly: true, out var text, out _);
                var field = Array.FindIndex(Fields, f => f.Oid == oid);
                if (field >= 0 || oid == CommonName)
                {
                    // Parsed into a field; a value Go does not read as a string is dropped.
                    if (!isString) continue;
                    if (oid == CommonName) cn = text;
                    else (values[field] ??= []).Add(text);
                    continue;
                }
                extras.Add(oid + "=#" + Convert.ToHexStringLower(isString ? GoMarshal(text) : encoded.Span));
            }
        }
        // The sequence: extras first, then the fields in Go's order; printed last first.
        var sequence = new List<string>(extras);
        for (var i = 0; i < Fields.Length; i++)
        {
            if (values[i] is { } v) sequence.Add(string.Join('+', v.Select(x => Fields[i].Name + "=" + Escape(x))));
        }
        if (!string.IsNullOrEmpty(cn)) sequence.Add("CN=" + Escape(cn));
        sequence.Reverse();
        return string.Join(',', sequence);
    }

    /// <summary>Go's <c>asn1.Marshal</c> of a string: PrintableString when every character allows it, else UTF8String.</summary>
    private static byte[] GoMarshal(string text)
    {
        var printable = text.All(c => char.IsAsciiLetterOrDigit(c) || " '()+,-./:=?".Contains(c)); // Go also allows '*' and '&' only with flags it does not set here
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteCharacterString(printable ? UniversalTagNumber.PrintableString : UniversalTagNumber.UTF8String, text);
        return writer.Encode();
    }

    private static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var escape = c switch
            {
                ',' or '+' or '"' or '\\' or '<' or '>' or ';' => true,
                ' ' => i == 0 || i == value.Length - 1,
                '#' => i == 0,
                _ => false,
            };
            if (escape) sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }
}
