using System.Text;
using Doomsday.Cli.Hosting;

namespace Doomsday.Cli.Tests.Support;

/// <summary>What one in-process run of <c>doomsday</c> produced.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error, string Stdout);

/// <summary>Runs <see cref="DoomsdayApp.RunAsync"/> in-process with captured output, a fixed clock and an empty environment.</summary>
internal static class CliRun
{
    public static Task<CliResult> RunAsync(DateTimeOffset now, params string[] args) => RunWithEnvAsync(now, _ => null, args);

    /// <summary>As <see cref="RunAsync"/>, with the given environment variables.</summary>
    public static Task<CliResult> RunWithEnvAsync(DateTimeOffset now, Func<string, string?> env, params string[] args) =>
        RunAsync(new FixedTimeProvider(now), env, terminalWidth: null, args);

    /// <summary>As if stdout were a terminal <paramref name="width"/> columns wide.</summary>
    public static Task<CliResult> RunOnTerminalAsync(DateTimeOffset now, int width, Func<string, string?> env, params string[] args) =>
        RunAsync(new FixedTimeProvider(now), env, width, args);

    public static async Task<CliResult> RunAsync(TimeProvider time, Func<string, string?> env, int? terminalWidth, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var stdout = new MemoryStream();
        var context = new CliContext(output, error, () => stdout, time, env, IsTerminal: terminalWidth is not null) { Width = terminalWidth };
        var code = await DoomsdayApp.RunAsync(args, context);
        return new CliResult(code, output.ToString(), error.ToString(), Encoding.UTF8.GetString(stdout.ToArray()));
    }
}
