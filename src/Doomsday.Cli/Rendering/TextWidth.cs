using System.Globalization;
using System.Text;

namespace Doomsday.Cli.Rendering;

/// <summary>
/// Columns a string takes on a terminal, and cutting it to fit. East Asian wide and fullwidth
/// characters and emoji take two columns, combining marks and format characters none (the ranges of
/// Unicode's EastAsianWidth W/F, as wcwidth counts them; close enough for names and paths). Text is
/// escaped (<see cref="Core.Reporting.TerminalText"/>) before it gets here, so it holds no controls.
/// </summary>
internal static class TextWidth
{
    public const string Ellipsis = "…";

    public static int Of(string text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes()) width += Of(rune);
        return width;
    }

    public static int Of(Rune rune)
    {
        if (rune.Value < 0x300) return 1; // ASCII and Latin: the common case
        var category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format) return 0;
        return IsWide(rune.Value) ? 2 : 1;
    }

    private static bool IsWide(int c) =>
        c is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0x303E or >= 0x3041 and <= 0x33FF or >= 0x3400 and <= 0x4DBF
            or >= 0x4E00 and <= 0x9FFF or >= 0xA000 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3 or >= 0xF900 and <= 0xFAFF
            or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6 or >= 0x1F300 and <= 0x1F64F
            or >= 0x1F900 and <= 0x1F9FF or >= 0x20000 and <= 0x3FFFD;

    /// <summary>At most <paramref name="width"/> columns: the start kept, <c>…</c> at the end.</summary>
    public static string TruncateEnd(string text, int width)
    {
        if (Of(text) <= width) return text;
        if (width <= 0) return "";
        return Take(text, width - 1) + Ellipsis;
    }

    /// <summary>
    /// At most <paramref name="width"/> columns with <c>…</c> in the middle, keeping a third of the start and
    /// two thirds of the end: of a path, the root it lives under and the file name, which tell it apart.
    /// </summary>
    public static string TruncateMiddle(string text, int width)
    {
        if (Of(text) <= width) return text;
        if (width <= 2) return TruncateEnd(text, width);
        var head = (width - 1) / 3;
        var tail = width - 1 - head;
        return Take(text, head) + Ellipsis + TakeLast(text, tail);
    }

    /// <summary>
    /// A path cut to <paramref name="width"/> columns: its first directory when short (<c>/etc/</c>, <c>/tmp/</c>),
    /// <c>…</c>, then as much of its end as fits, from a <c>/</c> when that costs little:
    /// <c>/etc/…/pki/etcd/peer.crt</c>. Not a path: cut in the middle.
    /// </summary>
    public static string TruncatePath(string text, int width)
    {
        if (Of(text) <= width) return text;
        if (width <= 2) return TruncateEnd(text, width);
        var second = text.Length > 1 ? text.IndexOf('/', 1) : -1;
        if (!text.StartsWith('/') && second < 0) return TruncateMiddle(text, width);
        var head = second > 0 && Of(text[..(second + 1)]) <= width / 4 ? text[..(second + 1)] : "";
        var tail = TakeLast(text, width - Of(head) - 1);
        var slash = tail.IndexOf('/');
        if (slash > 0 && slash <= tail.Length / 3) tail = tail[slash..];
        return head + Ellipsis + tail;
    }

    /// <summary>Lines of at most <paramref name="width"/> columns, broken at spaces; null: the text's own lines.</summary>
    public static IEnumerable<string> Wrap(string text, int? width)
    {
        foreach (var paragraph in text.Split('\n'))
        {
            if (width is not { } w || w < 1 || Of(paragraph) <= w)
            {
                yield return paragraph;
                continue;
            }
            var line = new StringBuilder();
            var lineWidth = 0;
            foreach (var word in paragraph.Split(' '))
            {
                var piece = word;
                var pieceWidth = Of(piece);
                if (lineWidth > 0 && lineWidth + 1 + pieceWidth > w)
                {
                    yield return line.ToString();
                    line.Clear();
                    lineWidth = 0;
                }
                while (pieceWidth > w)
                {
                    if (lineWidth > 0)
                    {
                        yield return line.ToString();
                        line.Clear();
                        lineWidth = 0;
                    }
                    var cut = Take(piece, w);
                    if (cut.Length == 0) cut = piece[..(char.IsSurrogatePair(piece, 0) ? 2 : 1)]; // a column narrower than one character
                    yield return cut;
                    piece = piece[cut.Length..];
                    pieceWidth = Of(piece);
                }
                if (lineWidth > 0)
                {
                    line.Append(' ');
                    lineWidth++;
                }
                line.Append(piece);
                lineWidth += pieceWidth;
            }
            if (lineWidth > 0) yield return line.ToString();
        }
    }

    /// <summary>The longest start of <paramref name="text"/> that fits in <paramref name="width"/> columns.</summary>
    public static string Take(string text, int width)
    {
        var used = 0;
        var end = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var w = Of(rune);
            if (used + w > width) break;
            used += w;
            end += rune.Utf16SequenceLength;
        }
        return text[..end];
    }

    private static string TakeLast(string text, int width)
    {
        var runes = text.EnumerateRunes().ToList();
        var used = 0;
        var start = text.Length;
        for (var i = runes.Count - 1; i >= 0; i--)
        {
            var w = Of(runes[i]);
            if (used + w > width) break;
            used += w;
            start -= runes[i].Utf16SequenceLength;
        }
        return text[start..];
    }
}
