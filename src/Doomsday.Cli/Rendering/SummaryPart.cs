namespace Doomsday.Cli.Rendering;

/// <summary>
/// One part of a summary line (<c>18 certificates: 1 expired, 2 warning</c>, <c>next expiry: …</c>), made of
/// painted pieces. Parts are joined with <c> · </c>; a part that does not fit on the current line starts a
/// new one, and a part wider than the terminal is wrapped between words, each word keeping its colour.
/// </summary>
internal sealed class SummaryPart
{
    private const string Separator = " · ";

    private readonly List<(string Text, Tone Tone)> _pieces = [];

    /// <summary>Adds text (already escaped by the caller when it came from outside).</summary>
    public SummaryPart Add(string text, Tone tone = Tone.None)
    {
        _pieces.Add((text, tone));
        return this;
    }

    public string Plain => string.Concat(_pieces.Select(p => p.Text));

    public static void WriteAll(Terminal terminal, IEnumerable<SummaryPart> parts)
    {
        var line = new Line(terminal);
        foreach (var part in parts)
        {
            var width = TextWidth.Of(part.Plain);
            var separator = line.Width > 0 ? Separator : "";
            if (terminal.Width is { } max && line.Width + separator.Length + width > max)
            {
                if (width <= max)
                {
                    line.Flush();
                    separator = "";
                }
                else
                {
                    line.Append(separator.TrimEnd(), Tone.None);
                    var first = separator.Length > 0;
                    foreach (var (word, tone, space) in part.Words(max))
                    {
                        line.AppendWrapping(word, tone, space || first);
                        first = false;
                    }
                    continue;
                }
            }
            line.Append(separator, Tone.None);
            foreach (var (text, tone) in part._pieces) line.Append(text, tone);
        }
        line.Flush();
    }

    /// <summary>The words of the part with their tones, and whether a space came before each.</summary>
    private IEnumerable<(string Word, Tone Tone, bool SpaceBefore)> Words(int max)
    {
        var space = false;
        foreach (var (text, tone) in _pieces)
        {
            // A short painted piece ("12 ok") stays on one line; other text breaks between its words.
            var words = tone != Tone.None && TextWidth.Of(text) <= max / 2 ? [text] : text.Split(' ');
            for (var i = 0; i < words.Length; i++)
            {
                if (i > 0) space = true;
                if (words[i].Length == 0) continue;
                yield return (words[i], tone, space);
                space = false;
            }
        }
    }

    private sealed class Line(Terminal terminal)
    {
        private readonly System.Text.StringBuilder _text = new();

        public int Width { get; private set; }

        public void Append(string text, Tone tone)
        {
            _text.Append(terminal.Paint(text, tone));
            Width += TextWidth.Of(text);
        }

        public void AppendWrapping(string word, Tone tone, bool spaceBefore)
        {
            var w = TextWidth.Of(word);
            if (Width > 0 && terminal.Width is { } max && Width + (spaceBefore ? 1 : 0) + w > max) Flush();
            else if (spaceBefore && Width > 0) Append(" ", Tone.None);
            Append(word, tone);
        }

        public void Flush()
        {
            if (Width > 0) terminal.WriteLine(_text.ToString());
            _text.Clear();
            Width = 0;
        }
    }
}
