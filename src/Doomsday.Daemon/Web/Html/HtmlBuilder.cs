using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Doomsday.Daemon.Web.Html;

/// <summary>
/// Markup that is already safe (written by Doomsday, or built by <see cref="HtmlBuilder"/>): the one way to
/// put HTML into a hole of <see cref="HtmlBuilder.Add"/> without encoding.
/// </summary>
internal readonly record struct HtmlString(string Value)
{
    public static readonly HtmlString Empty = new("");
    public override string ToString() => Value;
}

/// <summary>
/// Writes a page. <see cref="Add"/> takes an interpolated string whose literal parts are markup and whose
/// holes are encoded (<see cref="HtmlEncoding"/>) unless they are <see cref="HtmlString"/>: text from the
/// outside world (a subject, a label, a receiver's answer) cannot become markup, as with Razor's <c>@</c>,
/// but compiled with the binary (no template engine, no reflection: NativeAOT-safe) and written straight
/// into one buffer. Attribute values are always double-quoted in the literals.
/// </summary>
internal sealed class HtmlBuilder(int capacity = 16 * 1024)
{
    public StringBuilder Buffer { get; } = new(capacity);

    public HtmlBuilder Add([InterpolatedStringHandlerArgument("")] ref HtmlInterpolation html) => this;

    /// <summary>Text, encoded.</summary>
    public HtmlBuilder Text(string? text)
    {
        HtmlEncoding.Append(Buffer, text);
        return this;
    }

    /// <summary>Markup Doomsday wrote (a constant): appended as is.</summary>
    public HtmlBuilder Raw(string markup)
    {
        Buffer.Append(markup);
        return this;
    }

    public override string ToString() => Buffer.ToString();
}

[InterpolatedStringHandler]
internal readonly ref struct HtmlInterpolation
{
    private readonly StringBuilder _sb;

    public HtmlInterpolation(int literalLength, int formattedCount, HtmlBuilder builder)
    {
        _sb = builder.Buffer;
        _sb.EnsureCapacity(_sb.Length + literalLength + formattedCount * 16);
    }

    public void AppendLiteral(string markup) => _sb.Append(markup);

    public void AppendFormatted(string? text) => HtmlEncoding.Append(_sb, text);

    public void AppendFormatted(HtmlString markup) => _sb.Append(markup.Value);

    public void AppendFormatted(int value) => _sb.Append(value.ToString(CultureInfo.InvariantCulture));

    public void AppendFormatted(long value) => _sb.Append(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Doubles are SVG coordinates and sizes: two decimals at most unless a format says otherwise.</summary>
    public void AppendFormatted(double value, string? format = null) => _sb.Append(value.ToString(format ?? "0.##", CultureInfo.InvariantCulture));

    /// <summary>Dates and other formattable values: invariant culture, encoded.</summary>
    public void AppendFormatted<T>(T value, string? format = null) where T : IFormattable =>
        HtmlEncoding.Append(_sb, value.ToString(format, CultureInfo.InvariantCulture));
}

/// <summary>HTML text and double-quoted attribute encoding: <c>&amp; &lt; &gt; " '</c>, and control characters (but tab and newline) dropped.</summary>
internal static class HtmlEncoding
{
    public static void Append(StringBuilder sb, string? text)
    {
        if (string.IsNullOrEmpty(text)) return;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? entity = c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => char.IsControl(c) && c is not ('\n' or '\t') ? "" : null,
            };
            if (entity is null) continue;
            sb.Append(text, start, i - start).Append(entity);
            start = i + 1;
        }
        sb.Append(text, start, text.Length - start);
    }

    public static string Encode(string? text)
    {
        var sb = new StringBuilder();
        Append(sb, text);
        return sb.ToString();
    }
}
