using System.Diagnostics;

namespace Doomsday.Bench;

/// <summary>
/// The shipped native build against the ReadyToRun build, side by side in one run: what is installed
/// (bytes on disk), and start-up (<c>doomsday --version</c>, and <c>scan EMPTY-DIR --output json</c>: the
/// floor of every one-shot command), median and minimum of <c>--runs</c> interleaved runs, process spawn to
/// exit as seen from here, and the CPU time (user + system) the child used: on a loaded machine the wall time
/// mostly measures the wait for a core, the CPU time does not.
/// </summary>
internal static class StartupBenchmark
{
    public static int Run(BenchOptions o)
    {
        var builds = new List<(string Label, string Exe)>();
        foreach (var build in new[] { "native", "readytorun" })
        {
            var exe = o.Doomsday is not null && build == o.Build ? o.Doomsday : DoomsdayBuild.Locate(o with { Doomsday = null, Build = build });
            if (exe is null) return 1;
            builds.Add((build, exe));
        }
        var empty = Directory.CreateDirectory(Path.Combine(o.WorkDir, "empty")).FullName;
        var runs = Math.Max(o.Runs, 5);
        var times = builds.ToDictionary(b => b.Label, _ => (Version: new List<double>(), Empty: new List<double>(), VersionCpu: new List<double>(), EmptyCpu: new List<double>()));
        for (var i = 0; i < runs; i++)
        {
            foreach (var (label, exe) in builds)
            {
                var (wall, cpu) = Milliseconds(exe, ["--version"]);
                times[label].Version.Add(wall);
                times[label].VersionCpu.Add(cpu);
                (wall, cpu) = Milliseconds(exe, ["scan", empty, "--output", "json"]);
                times[label].Empty.Add(wall);
                times[label].EmptyCpu.Add(cpu);
            }
        }
        Console.WriteLine($"{"build",-12} {"on disk",10} {"--version wall median (min)",28} {"CPU median (min)",20} {"scan EMPTY wall median (min)",30} {"CPU median (min)",20}");
        foreach (var (label, exe) in builds)
        {
            var t = times[label];
            Console.WriteLine($"{label,-12} {Size(exe) / 1048576.0,8:F1} MB {Median(t.Version),16:F1} ms ({t.Version.Min():F1}) {Median(t.VersionCpu),10:F1} ms ({t.VersionCpu.Min():F1}) {Median(t.Empty),18:F1} ms ({t.Empty.Min():F1}) {Median(t.EmptyCpu),10:F1} ms ({t.EmptyCpu.Min():F1})");
        }
        Console.WriteLine($"({runs} interleaved runs each; CPU: user + system of the child (getrusage); on disk: the executable and every file published beside it)");
        return 0;
    }

    /// <summary>Wall time from spawn to exit, and the child's CPU time: the growth of this process's RUSAGE_CHILDREN (one child at a time).</summary>
    private static (double Wall, double Cpu) Milliseconds(string exe, string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var before = ChildrenCpuMilliseconds();
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var wall = sw.Elapsed.TotalMilliseconds;
        return (wall, ChildrenCpuMilliseconds() - before);
    }

    private static double ChildrenCpuMilliseconds()
    {
        // struct rusage (Linux, 64-bit): ru_utime and ru_stime (struct timeval: seconds, microseconds), then 14 longs.
        Span<long> usage = stackalloc long[18];
        if (GetRusage(-1 /* RUSAGE_CHILDREN */, ref usage[0]) != 0) return double.NaN;
        return (usage[0] + usage[2]) * 1000.0 + (usage[1] + usage[3]) / 1000.0;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetRusage(int who, ref long usage);

    /// <summary>What a node needs: the publish folder (native: the binary and libe_sqlite3.so; ReadyToRun: the app's files, not the shared runtime).</summary>
    private static long Size(string exe) =>
        Directory.EnumerateFiles(Path.GetDirectoryName(exe)!).Where(f => !f.EndsWith(".dbg", StringComparison.Ordinal) && !f.EndsWith(".pdb", StringComparison.Ordinal))
            .Sum(f => new FileInfo(f).Length);

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToList();
        return s[s.Count / 2];
    }
}
