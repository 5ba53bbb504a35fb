using System.Text;

namespace Doomsday.Testing.Fuzzing;

/// <summary>
/// Inputs built to hurt a parser rather than mutated from real files: YAML nested past any sane depth, alias
/// expansions, ASN.1 with huge or indefinite lengths and deep nesting, PEM wrapping them. Each is named after
/// what it attacks.
/// </summary>
internal static class Bombs
{
    public static IEnumerable<(string Name, byte[] Content)> All()
    {
        foreach (var depth in new[] { 100, 5_000, 60_000 })
        {
            yield return ($"yaml-flow-seq-{depth}", Ascii("apiVersion: v1\nkind: Config\nclusters: " + new string('[', depth) + new string(']', depth) + "\n"));
            yield return ($"yaml-flow-seq-unclosed-{depth}", Ascii("kind: Config\nclusters: " + new string('[', depth) + "\n"));
            yield return ($"yaml-flow-map-{depth}", Ascii("kind: Config\nusers: " + string.Concat(Enumerable.Repeat("{a: ", depth)) + "x" + new string('}', depth) + "\n"));
            yield return ($"yaml-block-seq-{depth}", Ascii("kind: Config\nclusters:\n" + string.Concat(Enumerable.Repeat("- ", depth)) + "x\n"));
        }
        yield return ("yaml-block-map-deep", Ascii("kind: Pod\nspec:\n" + string.Concat(Enumerable.Range(1, 2_000).Select(i => new string(' ', i) + "a:\n"))));
        yield return ("yaml-billion-laughs", Ascii(BillionLaughs()));
        yield return ("yaml-alias-to-open-anchor", Ascii("kind: Config\nclusters: &a [*a, *a, [*a]]\n"));
        yield return ("yaml-undefined-alias", Ascii("kind: Config\nclusters: *nope\n"));
        yield return ("yaml-long-key", Ascii("kind: Config\n" + new string('k', 200_000) + ": v\n"));
        yield return ("yaml-many-documents", Ascii(string.Concat(Enumerable.Repeat("---\nkind: Config\n", 2_000))));
        yield return ("yaml-tags", Ascii("kind: Config\nclusters: !!binary " + new string('A', 10_000) + "\nusers: !<tag:yaml.org,2002:map> {}\n"));

        foreach (var depth in new[] { 50, 5_000, 50_000 })
        {
            yield return ($"der-nested-definite-{depth}", NestedDefinite(depth));
            yield return ($"ber-nested-indefinite-{depth}", NestedIndefinite(depth));
            yield return ($"pem-nested-indefinite-{depth}", Pem("CERTIFICATE", NestedIndefinite(depth)));
        }
        yield return ("der-length-4-gib", [0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF, 0x02, 0x01, 0x00]);
        yield return ("der-length-8-bytes", [0x30, 0x88, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02, 0x01, 0x00]);
        yield return ("der-length-126-bytes", [0x30, 0xFE, .. Enumerable.Repeat((byte)0xFF, 126), 0x00]);
        yield return ("der-indefinite-unterminated", [0x30, 0x80, 0x30, 0x80, 0x02, 0x01, 0x03]);
        yield return ("der-pkcs12-huge-version", [0x30, 0x80, 0x02, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x00, 0x00]);
        yield return ("der-pkcs12-prefix", [0x30, 0x82, 0x10, 0x00, 0x02, 0x01, 0x03, 0x30, 0x80, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01]);
        yield return ("der-pkcs7-prefix", [0x30, 0x80, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02, 0xA0, 0x80, 0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xF0]);
        yield return ("der-certificate-prefix", [0x30, 0x82, 0x01, 0x00, 0x30, 0x82, 0x00, 0xF0, 0xA0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x84, 0x7F, 0xFF, 0xFF, 0xFF]);
        yield return ("der-oid-huge-arc", [0x30, 0x0C, 0x06, 0x0A, 0x2A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]);
        yield return ("pem-block-no-end", Ascii("-----BEGIN CERTIFICATE-----\n" + new string('A', 100_000)));
        yield return ("pem-many-begins", Ascii(string.Concat(Enumerable.Repeat("-----BEGIN ", 50_000))));
        yield return ("pem-encrypted-key-malformed", Pem("ENCRYPTED PRIVATE KEY", [0x30, 0x80, 0x30, 0x80, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05, 0x0D, 0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF]));
        yield return ("base64-of-indefinite", Ascii(Convert.ToBase64String(NestedIndefinite(10_000))));
    }

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    private static byte[] Pem(string label, byte[] der) => Ascii($"-----BEGIN {label}-----\n{Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks)}\n-----END {label}-----\n");

    private static string BillionLaughs()
    {
        var sb = new StringBuilder("kind: Config\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var c = 'b'; c <= 'j'; c++) sb.Append($"{c}: &{c} [{string.Join(", ", Enumerable.Repeat($"*{(char)(c - 1)}", 9))}]\n");
        return sb.Append("clusters: *j\n").ToString();
    }

    /// <summary>
    /// SEQUENCEs inside each other with definite lengths, innermost empty. Written front to back in one buffer
    /// (each element's content is exactly the next element): prepending level by level copied gigabytes at 50,000.
    /// </summary>
    private static byte[] NestedDefinite(int depth)
    {
        static int Header(int length) => length < 0x80 ? 2 : length < 0x10000 ? 4 : 5;
        var lengths = new int[depth + 1]; // lengths[i]: the encoded size of i nested levels
        for (var i = 1; i <= depth; i++) lengths[i] = Header(lengths[i - 1]) + lengths[i - 1];
        var bytes = new byte[lengths[depth]];
        var at = 0;
        for (var i = depth; i >= 1; i--)
        {
            var content = lengths[i - 1];
            bytes[at++] = 0x30;
            switch (Header(content))
            {
                case 2: bytes[at++] = (byte)content; break;
                case 4: bytes[at++] = 0x82; bytes[at++] = (byte)(content >> 8); bytes[at++] = (byte)content; break;
                default: bytes[at++] = 0x83; bytes[at++] = (byte)(content >> 16); bytes[at++] = (byte)(content >> 8); bytes[at++] = (byte)content; break;
            }
        }
        return bytes;
    }

    /// <summary>BER SEQUENCEs of indefinite length (0x30 0x80 ... 0x00 0x00) inside each other.</summary>
    private static byte[] NestedIndefinite(int depth)
    {
        var bytes = new byte[depth * 4];
        for (var i = 0; i < depth; i++)
        {
            bytes[2 * i] = 0x30;
            bytes[(2 * i) + 1] = 0x80;
        }
        return bytes; // the end-of-contents octets (zeros) follow
    }
}
