using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Doomsday.Bench.Watch;

/// <summary>
/// A long-running process the watch benchmark starts (nginx, prometheus, the daemon...): stdout and stderr
/// go to a log file through <c>sh -c 'exec ...'</c> (the shell execs, so the PID is the program's), CPU and
/// peak RSS are read from /proc by that PID, and it is stopped by that PID only.
/// </summary>
internal sealed class ServiceProcess : IDisposable
{
    private const int SigKill = 9;
    private const int SigTerm = 15;
    private static readonly long TicksPerSecond = ClockTicks();

    private readonly Process _process;

    public string Name { get; }
    public string LogFile { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    private ServiceProcess(string name, Process process, string logFile)
    {
        Name = name;
        _process = process;
        LogFile = logFile;
    }

    public static ServiceProcess Start(string name, string exe, IReadOnlyList<string> args, string logFile)
    {
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec \"$@\" > \"$LOGFILE\" 2>&1 < /dev/null");
        psi.ArgumentList.Add("sh");
        psi.ArgumentList.Add(exe);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LOGFILE"] = logFile;
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {exe}");
        return new ServiceProcess(name, process, logFile);
    }

    /// <summary>user + system CPU seconds so far (this process only; nginx workers are separate processes).</summary>
    public double CpuSeconds() => CpuSeconds(Pid);

    /// <summary>Peak resident set (VmHWM) in KiB; 0 once the process is gone.</summary>
    public long PeakRssKiB() => StatusField(Pid, "VmHWM:");

    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name, which is in parentheses and may hold spaces.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
            var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (utime + stime) / (double)TicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public static long StatusField(int pid, string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }

    /// <summary>Children of this process (nginx workers), from /proc/PID/task/PID/children.</summary>
    public IReadOnlyList<int> Children()
    {
        try
        {
            return File.ReadAllText($"/proc/{Pid}/task/{Pid}/children")
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>SIGKILL now (the kernel closes its sockets at once); returns when it is gone.</summary>
    public void KillHard()
    {
        if (_process.HasExited) return;
        _ = Kill(Pid, SigKill);
        _process.WaitForExit();
    }

    public string LogTail(int chars = 2000)
    {
        try
        {
            var text = File.ReadAllText(LogFile);
            return text.Length > chars ? text[^chars..] : text;
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>SIGTERM to our PID, SIGKILL if it lingers.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _ = Kill(Pid, SigTerm);
                if (!_process.WaitForExit(TimeSpan.FromSeconds(15))) _process.Kill(entireProcessTree: true);
            }
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    private static long ClockTicks()
    {
        var ticks = Sysconf(2); // _SC_CLK_TCK
        return ticks > 0 ? ticks : 100;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long Sysconf(int name);
}
