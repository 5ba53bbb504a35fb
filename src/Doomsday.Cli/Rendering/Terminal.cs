using Doomsday.Cli.Hosting;

namespace Doomsday.Cli.Rendering;

/// <summary>
/// Where human output goes and what it may use there: the width to fit (null for a pipe or a file:
/// nothing is truncated, nothing padded at the end of a line) and whether colours are wanted. Colours
/// need a terminal and are off with <c>--no-color</c>, a non-empty <c>$NO_COLOR</c> (no-color.org) or
/// <c>TERM=dumb</c>; without them not one escape sequence is written.
/// </summary>
internal sealed class Terminal(TextWriter writer, int? width, bool colour)
{
    /// <summary>Below this a table cannot be laid out sensibly; a narrower terminal gets lines cut at its width.</summary>
    public const int MinimumWidth = 20;

    public int? Width { get; } = width is { } w ? Math.Max(w, MinimumWidth) : null;
    public bool Colour { get; } = colour;

    public static Terminal For(CliContext context, bool noColor) => new(context.Out, context.IsTerminal ? context.Width ?? 80 : null,
        context.IsTerminal && !noColor && !WantsNoColor(context.GetEnvironmentVariable));

    /// <summary><c>$NO_COLOR</c> set to anything but the empty string, or a terminal that says it has no capabilities.</summary>
    public static bool WantsNoColor(Func<string, string?> env) =>
        !string.IsNullOrEmpty(env("NO_COLOR")) || string.Equals(env("TERM"), "dumb", StringComparison.Ordinal);

    /// <summary><paramref name="text"/> in <paramref name="tone"/> when colours are on; as it is otherwise.</summary>
    public string Paint(string text, Tone tone) => Colour ? Ansi.Paint(text, tone) : text;

    public void WriteLine(string line = "") => writer.WriteLine(line);

    /// <summary>Prose: wrapped at spaces to the width (a word longer than the width is cut), each line painted.</summary>
    public void WriteWrapped(string text, Tone tone = Tone.None, string indent = "")
    {
        foreach (var line in TextWidth.Wrap(text, Width is { } w ? w - indent.Length : null)) writer.WriteLine(indent + Paint(line, tone));
    }
}
