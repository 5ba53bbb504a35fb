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
    public static CliContext FromProcess() => new(
        Console.Out,
        Console.Error,
        Console.OpenStandardOutput,
        TimeProvider.System,
        Environment.GetEnvironmentVariable,
        !Console.IsOutputRedirected);
}
