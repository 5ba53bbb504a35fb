using System.Diagnostics;

namespace Doomsday.Cli.Tests.Support;

/// <summary>
/// Runs the real <c>doomsday</c> executable (<c>dotnet doomsday.dll ...</c>) as a separate process, for what
/// only a process shows: a crash of the runtime (stack overflow, exit 134), a hang, a stack trace on stderr.
/// The run is bounded: past <paramref name="deadline"/> the process is killed by its PID and the test fails.
/// </summary>
internal static class DoomsdayProcess
{
    public static async Task<CliResult> RunAsync(TimeSpan deadline, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo(ChildProcess.Find("dotnet", "/usr/share/dotnet/dotnet", "/usr/bin/dotnet", "/usr/lib/dotnet/dotnet"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "doomsday.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start doomsday");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"doomsday {string.Join(' ', args)} did not exit within {deadline}; stderr: {await stderr}");
        }
        var output = await stdout;
        return new CliResult(process.ExitCode, output, await stderr, output);
    }

    public static Task<CliResult> RunAsync(TimeSpan deadline, params string[] args) => RunAsync(deadline, null, args);
}
