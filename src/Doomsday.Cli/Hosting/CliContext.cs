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
    /// <summary>Where answers to questions come from (<c>renew</c> asks before it changes a node).</summary>
    public TextReader Input { get; init; } = TextReader.Null;

    /// <summary>True when someone can answer: standard input is a terminal.</summary>
    public bool IsInputTerminal { get; init; }

    public static CliContext FromProcess() => new(
        Console.Out,
        Console.Error,
        Console.OpenStandardOutput,
        TimeProvider.System,
        Environment.GetEnvironmentVariable,
        !Console.IsOutputRedirected)
    {
        Input = Console.In,
        IsInputTerminal = !Console.IsInputRedirected,
    };
}
