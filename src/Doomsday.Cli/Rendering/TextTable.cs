using Doomsday.Core.Reporting;

namespace Doomsday.Cli.Rendering;

/// <summary>How a column's cells are made to fit when the terminal is narrower than the table.</summary>
internal enum Fit
{
    /// <summary>Never cut (dates, residual times, states): the column is shown whole or dropped.</summary>
    Whole,
    /// <summary>Cut at the end with <c>…</c> (names, messages).</summary>
    End,
    /// <summary>Cut in the middle with <c>…</c>, keeping its root and as much of its end as fits (paths: the file name).</summary>
    Middle,
}

/// <param name="Header">The heading, never cut.</param>
/// <param name="Fit">How cells are cut to fit a narrow terminal.</param>
/// <param name="MinWidth">A cut column keeps at least this many columns (or its heading's width).</param>
/// <param name="Comfortable">Before cutting a column narrower than this, optional columns (rank 2 and up) are dropped.</param>
/// <param name="DropRank">0: always shown; otherwise dropped when the table does not fit, highest rank first: 2 and up
/// before any column is cut below its comfortable width, 1 only when nothing else helps.</param>
internal sealed record TextColumn(string Header, Fit Fit = Fit.Whole, int MinWidth = 0, int DropRank = 0, int Comfortable = 0);

/// <summary>
/// A cell: text from anywhere (it is escaped here), how it is painted, an end that is never cut
/// (<c> (+5 more)</c>), and a shorter text to cut instead when the whole does not fit
/// (a kubeconfig's path without its entry).
/// </summary>
internal readonly record struct TextCell(string Text, Tone Tone = Tone.None, string Suffix = "", string? Compact = null)
{
    public static implicit operator TextCell(string text) => new(text);

    public string Whole => Text + Suffix;
}

/// <summary>
/// A table laid out the way <c>kubeadm certs check-expiration</c> prints one (Go's tabwriter: headings
/// over left-aligned columns three spaces apart, no borders), fitted to a width: every row is one line,
/// no cell ever wraps. When the natural width does not fit, cuttable columns shrink first (paths in the
/// middle, names at the end) down to their minimum, then whole columns are dropped by rank; with no width
/// (a pipe, a file, <c>-o wide</c>) nothing is cut. No line ends in spaces. Cells are escaped
/// (<see cref="TerminalText"/>): a name or path can never act on the terminal.
/// </summary>
internal sealed class TextTable(IReadOnlyList<TextColumn> columns)
{
    public const int Gap = 3;

    private readonly List<TextCell[]> _rows = [];

    public int RowCount => _rows.Count;

    public void Add(params TextCell[] cells)
    {
        if (cells.Length != columns.Count) throw new ArgumentException($"{cells.Length} cells for {columns.Count} columns");
        _rows.Add(cells.Select(c => c with
        {
            Text = TerminalText.Escape(c.Text),
            Suffix = TerminalText.Escape(c.Suffix),
            Compact = c.Compact is null ? null : TerminalText.Escape(c.Compact),
        }).ToArray());
    }

    /// <summary>The heading line and one line per row.</summary>
    public IEnumerable<string> Render(Terminal terminal)
    {
        var (visible, widths) = Layout(terminal.Width);
        yield return Line(visible.Select(i => new TextCell(columns[i].Header, Tone.Bold)).ToArray(), visible, widths, terminal);
        foreach (var row in _rows) yield return Line(visible.Select(i => row[i]).ToArray(), visible, widths, terminal);
    }

    private string Line(TextCell[] cells, List<int> visible, int[] widths, Terminal terminal)
    {
        var parts = new string[cells.Length];
        for (var k = 0; k < cells.Length; k++)
        {
            var column = columns[visible[k]];
            var cell = cells[k];
            var suffix = TextWidth.TruncateEnd(cell.Suffix, widths[k]);
            var source = cell.Compact is { } compact && TextWidth.Of(cell.Whole) > widths[k] ? compact : cell.Text;
            var text = Cut(source, widths[k] - TextWidth.Of(suffix), column.Fit) + suffix;
            var padding = k == cells.Length - 1 ? 0 : widths[k] - TextWidth.Of(text);
            parts[k] = terminal.Paint(text, cells[k].Tone) + new string(' ', Math.Max(0, padding));
        }
        return string.Join(new string(' ', Gap), parts).TrimEnd(' ');
    }

    private static string Cut(string text, int width, Fit fit) => fit == Fit.Middle ? TextWidth.TruncatePath(text, width) : TextWidth.TruncateEnd(text, width);

    /// <summary>
    /// Which columns are shown (indices) and how wide each one is. First pass: cut columns no narrower than
    /// their comfortable width, dropping optional columns (rank 2 and up) as needed; second pass, when that
    /// cannot fit: down to their minimum, dropping any droppable column; last, cut from the end.
    /// </summary>
    internal (List<int> Visible, int[] Widths) Layout(int? width)
    {
        var natural = columns.Select((c, i) => Math.Max(TextWidth.Of(c.Header), _rows.Count == 0 ? 0 : _rows.Max(r => TextWidth.Of(r[i].Whole)))).ToArray();
        var all = Enumerable.Range(0, columns.Count).ToList();
        if (width is not { } limit) return (all, natural);
        foreach (var (comfortable, dropFrom) in new[] { (true, 2), (false, 1) })
        {
            var floor = columns.Select((c, i) => c.Fit == Fit.Whole
                ? natural[i]
                : Math.Min(natural[i], Math.Max(TextWidth.Of(c.Header), comfortable ? Math.Max(c.MinWidth, c.Comfortable) : c.MinWidth))).ToArray();
            var visible = all.ToList();
            var droppable = new Queue<int>(all.Where(i => columns[i].DropRank >= dropFrom).OrderByDescending(i => columns[i].DropRank));
            while (Total(visible.Select(i => floor[i])) > limit && droppable.Count > 0) visible.Remove(droppable.Dequeue());
            if (Total(visible.Select(i => floor[i])) <= limit) return (visible, Shrink(visible, natural, floor, limit));
        }
        // Narrower than the columns that cannot go: cut names and paths to a few characters, then headings down to
        // their column's widest value, then, only if that is still too wide, from the last column backwards.
        var last = all.Where(i => columns[i].DropRank == 0).ToList();
        var few = columns.Select((c, i) => c.Fit == Fit.Whole ? natural[i] : Math.Min(natural[i], 4)).ToArray();
        var widths = Shrink(last, natural, few, limit);
        var excess = Total(widths) - limit;
        for (var k = widths.Length - 1; k >= 0 && excess > 0; k--)
        {
            var widestValue = _rows.Count == 0 ? 1 : Math.Max(1, _rows.Max(r => TextWidth.Of(r[last[k]].Whole)));
            var cut = Math.Min(excess, Math.Max(0, widths[k] - widestValue));
            widths[k] -= cut;
            excess -= cut;
        }
        for (var k = widths.Length - 1; k >= 0 && excess > 0; k--)
        {
            var cut = Math.Min(excess, widths[k] - 1);
            widths[k] -= cut;
            excess -= cut;
        }
        return (last, widths);
    }

    /// <summary>Natural widths, the widest cuttable column cut first, one column at a time, never below its floor.</summary>
    private int[] Shrink(List<int> visible, int[] natural, int[] floor, int limit)
    {
        var widths = visible.Select(i => natural[i]).ToArray();
        var excess = Total(widths) - limit;
        while (excess > 0)
        {
            var widest = Enumerable.Range(0, visible.Count).Where(k => columns[visible[k]].Fit != Fit.Whole && widths[k] > floor[visible[k]])
                .OrderByDescending(k => widths[k]).FirstOrDefault(-1);
            if (widest < 0) break;
            var others = Enumerable.Range(0, visible.Count).Where(k => k != widest && columns[visible[k]].Fit != Fit.Whole).Select(k => widths[k]).DefaultIfEmpty(0).Max();
            // Down to the next widest (so several long columns share the cut), at least one column a step.
            var cut = Math.Min(excess, Math.Max(1, Math.Min(widths[widest] - others, widths[widest] - floor[visible[widest]])));
            widths[widest] -= cut;
            excess -= cut;
        }
        return widths;
    }

    private static int Total(IEnumerable<int> widths)
    {
        var list = widths.ToList();
        return list.Sum() + Gap * Math.Max(0, list.Count - 1);
    }
}
