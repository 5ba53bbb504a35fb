using Doomsday.Core.Tests.Support;
using System.Text;
using Doomsday.Cli.Hosting;

namespace Doomsday.Cli.Tests.Support;

/// <summary>What one in-process run of <c>doomsday</c> produced.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error, string Stdout);

/// <summary>Runs <see cref="DoomsdayApp.RunAsync"/> in-process with captured output, a fixed clock and an empty environment.</summary>
internal static class CliRun
{
    public static Task<CliResult> RunAsync(DateTimeOffset now, params string[] args) => RunWithEnvAsync(now, _ => null, args);

    /// <summary>As <see cref="RunAsync"/>, with the given environment variables.</summary>
    public static async Task<CliResult> RunWithEnvAsync(DateTimeOffset now, Func<string, string?> env, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var stdout = new MemoryStream();
        var context = new CliContext(output, error, () => stdout, new FixedTimeProvider(now), env, IsTerminal: false);
        var code = await DoomsdayApp.RunAsync(args, context);
        return new CliResult(code, output.ToString(), error.ToString(), Encoding.UTF8.GetString(stdout.ToArray()));
    }
}
