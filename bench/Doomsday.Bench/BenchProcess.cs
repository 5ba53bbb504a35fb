using System.Diagnostics;
using System.Globalization;

namespace Doomsday.Bench;

/// <summary>
/// A long-running child (nginx, doomsday watch, Prometheus, ...): output to a log file, CPU time and
/// peak RSS read from /proc while it runs, stopped by its PID.
/// </summary>
internal sealed class BenchProcess : IDisposable
{
    private readonly Process _process;

    public string Name { get; }
    public string LogFile { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    public BenchProcess(string name, string file, IEnumerable<string> args, string logDir)
    {
        Name = name;
        LogFile = Path.Combine(logDir, name + ".log");
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"exec \"$@\" > '{LogFile}' 2>&1");
        psi.ArgumentList.Add("sh");
        psi.ArgumentList.Add(file);
        foreach (var a in args) psi.ArgumentList.Add(a);
        _process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + file);
    }

    /// <summary>User + system CPU seconds so far (/proc/PID/stat fields 14 and 15).</summary>
    public double CpuSeconds()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{Pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks / 100.0; // USER_HZ is 100 on Linux
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    /// <summary>Peak resident set size in MiB (VmHWM).</summary>
    public double PeakRssMiB()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException)
        {
        }
        return double.NaN;
    }

    public string Tail() => File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(20)) : "";

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
