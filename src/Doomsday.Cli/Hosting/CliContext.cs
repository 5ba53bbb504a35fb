namespace Doomsday.Cli.Hosting;

/// <summary>Everything a command touches outside itself, injected so commands can be tested in-process.</summary>
public sealed record CliContext(
    TextWriter Out,
    TextWriter Error,
    Func<Stream> OpenStandardOutput,
    TimeProvider Time,
    Func<string, string?> GetEnvironmentVariable,
    bool IsTerminal)
{
    /// <summary>
    /// Columns of the terminal stdout is on (<c>$COLUMNS</c> when set, as ls and less honour it), or null
    /// when stdout is a pipe or a file: tables are then written whole, nothing truncated.
    /// </summary>
    public int? Width { get; init; }

    /// <summary>Where answers to questions come from (<c>renew</c> asks before it changes a node).</summary>
    public TextReader Input { get; init; } = TextReader.Null;

    /// <summary>True when someone can answer: standard input is a terminal.</summary>
    public bool IsInputTerminal { get; init; }

    public static CliContext FromProcess()
    {
        var terminal = !Console.IsOutputRedirected;
        return new CliContext(Console.Out, Console.Error, Console.OpenStandardOutput, TimeProvider.System, Environment.GetEnvironmentVariable, terminal)
        {
            Width = terminal ? TerminalWidth(Environment.GetEnvironmentVariable("COLUMNS")) : null,
            Input = Console.In,
            IsInputTerminal = !Console.IsInputRedirected,
        };
    }

    private static int TerminalWidth(string? columns)
    {
        if (int.TryParse(columns, out var fromEnvironment) && fromEnvironment > 0) return fromEnvironment;
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
