using System.Text;

namespace Doomsday.Watch.Incidents;

/// <summary>
/// Text from the outside world (a probe's error, a receiver's answer, a label value) made inert inside
/// Markdown: every character CommonMark gives a meaning inline is backslash-escaped (CommonMark 0.31
/// §2.4: any ASCII punctuation may be), <c>|</c> too so a table cell stays one cell, and line breaks and
/// other control characters become spaces so one value stays on one line. A draft that carries a hostile
/// HTTP body renders as that text, never as a link, an image or HTML.
/// </summary>
public static class MarkdownText
{
    private const string Special = "\\`*_[]<>|~&!#";

    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (char.IsControl(c)) sb.Append(' ');
            else
            {
                if (Special.Contains(c, StringComparison.Ordinal)) sb.Append('\\');
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    /// <summary>A code span that holds <paramref name="text"/> whatever backticks it has (CommonMark §6.1: a longer fence, padded).</summary>
    public static string Code(string text)
    {
        var clean = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        var longest = 0;
        var run = 0;
        foreach (var c in clean)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        var fence = new string('`', longest + 1);
        var pad = clean.StartsWith('`') || clean.EndsWith('`') ? " " : "";
        // a code span cannot hold a table's pipe unescaped in GFM tables
        return fence + pad + clean.Replace("|", "\\|", StringComparison.Ordinal) + pad + fence;
    }
}
