using System.Diagnostics;

namespace Doomsday.Testing.Tools;

/// <summary>Runs Debian's <c>promtool check metrics</c> (package prometheus, installed by scripts/install-test-deps).</summary>
internal static class Promtool
{
    public const string Path = "/usr/bin/promtool";

    /// <summary>Returns promtool's exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) CheckMetrics(string exposition)
    {
        Assert.True(File.Exists(Path), $"{Path} is missing: run scripts/install-test-deps (Debian package prometheus)");
        var start = new ProcessStartInfo(Path, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(exposition);
            process.StandardInput.Close();
            if (!process.WaitForExit(60_000)) throw new TimeoutException("promtool did not finish");
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }
}
