using System.Diagnostics;
using System.Globalization;

namespace Doomsday.Bench;

/// <summary>One timed run of a child process: wall time from spawn to exit, and its peak RSS.</summary>
internal sealed record ProcessRun(TimeSpan Wall, long PeakRssKiB, int ExitCode);

/// <summary>Starts child processes for the benchmark.</summary>
internal static class ProcessRunner
{
    private const string GnuTime = "/usr/bin/time";

    /// <summary>Runs a command to completion and captures its output; null exit code when it cannot start.</summary>
    public static (int? Code, string Stdout, string Stderr) Capture(string file, IReadOnlyList<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            p.WaitForExit();
            return (p.ExitCode, stdout.Result, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, "", "");
        }
    }

    /// <summary>
    /// Runs <paramref name="exe"/> with stdout sent to <paramref name="stdoutPath"/> (a file or
    /// /dev/null) through <c>sh -c 'exec ...'</c>, so no pipe drains it. Peak RSS comes from GNU
    /// time when installed, else from polling VmHWM in /proc (the shell execs, keeping the pid).
    /// </summary>
    public static ProcessRun Timed(string exe, IReadOnlyList<string> args, string stdoutPath)
    {
        var useTime = File.Exists(GnuTime);
        var rssFile = Path.GetTempFileName();
        try
        {
            var command = useTime
                ? $"exec {GnuTime} -f %M -o {Quote(rssFile)} \"$@\" > {Quote(stdoutPath)}"
                : $"exec \"$@\" > {Quote(stdoutPath)}";
            var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardError = true };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(command);
            psi.ArgumentList.Add("sh");
            psi.ArgumentList.Add(exe);
            foreach (var a in args) psi.ArgumentList.Add(a);
            var sw = Stopwatch.StartNew();
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            long peak = 0;
            if (!useTime)
            {
                while (!p.WaitForExit(2)) peak = Math.Max(peak, ReadVmHwm(p.Id));
            }
            p.WaitForExit();
            sw.Stop();
            if (useTime)
            {
                var lines = File.ReadAllLines(rssFile);
                // GNU time writes "Command exited with non-zero status N" before the figure.
                peak = long.Parse(lines.Last(l => l.Trim().Length > 0).Trim(), CultureInfo.InvariantCulture);
            }
            var err = stderr.Result;
            if (err.Length > 0) Console.Error.Write(err.Length > 2000 ? err[..2000] : err);
            return new ProcessRun(sw.Elapsed, peak, p.ExitCode);
        }
        finally
        {
            File.Delete(rssFile);
        }
    }

    private static long ReadVmHwm(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
