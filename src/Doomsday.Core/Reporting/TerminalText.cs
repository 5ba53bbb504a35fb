using System.Globalization;
using System.Text;

namespace Doomsday.Core.Reporting;

/// <summary>
/// Text that came from outside (certificate subjects, file names, Kubernetes object names, server
/// answers) made safe to print for a person: no character in it can act on a terminal. Every human
/// output (the scan table, doctor's text and Markdown, the daemon's log lines) passes such text
/// through <see cref="Escape"/>; JSON and Prometheus output have their own escaping and do not.
/// </summary>
/// <remarks>
/// What is escaped, and why: C0 controls and DEL (ESC starts the sequences that retitle a window,
/// clear the screen or move the cursor to overwrite earlier lines; CR and LF forge lines), C1 controls
/// (U+009B is a one-character CSI on terminals that honour 8-bit controls), the Unicode line and
/// paragraph separators, and the bidirectional formatting characters that reorder what is displayed
/// without changing what is stored ("Trojan Source", CVE-2021-42574). Tab, CR and LF print as
/// <c>\t</c>, <c>\r</c>, <c>\n</c>; the others as <c>\xHH</c> (below U+0100) or <c>\uHHHH</c>, the
/// notation of C and of <c>printf %q</c>, so the original can still be read. A lone surrogate (not
/// valid text) prints as <c>\uHHHH</c> too. Backslashes are left as they are.
/// </remarks>
public static class TerminalText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var first = FirstUnsafe(text);
        if (first < 0) return text;
        var sb = new StringBuilder(text.Length + 16);
        sb.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (IsUnsafe(c)) AppendEscaped(sb, c);
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>True when <see cref="Escape"/> would change <paramref name="text"/>.</summary>
    public static bool NeedsEscape(string? text) => !string.IsNullOrEmpty(text) && FirstUnsafe(text) >= 0;

    private static int FirstUnsafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= ' ' && c < '\x7f') continue; // the common case: printable ASCII
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (IsUnsafe(c)) return i;
        }
        return -1;
    }

    private static bool IsUnsafe(char c) =>
        c < ' ' || c is >= '\x7f' and <= '\x9f' || IsBidiOrSeparator(c) || char.IsSurrogate(c);

    // U+061C arabic letter mark, U+200E/F LRM/RLM, U+202A-U+202E embeddings and overrides,
    // U+2066-U+2069 isolates; U+2028/U+2029 line and paragraph separators.
    private static bool IsBidiOrSeparator(char c) =>
        c is '\u061c' or '\u200e' or '\u200f' or >= '\u2028' and <= '\u202e' or >= '\u2066' and <= '\u2069';

    private static void AppendEscaped(StringBuilder sb, char c)
    {
        switch (c)
        {
            case '\t': sb.Append("\\t"); break;
            case '\n': sb.Append("\\n"); break;
            case '\r': sb.Append("\\r"); break;
            default:
                sb.Append(c < '\u0100' ? "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture) : "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture));
                break;
        }
    }
}
