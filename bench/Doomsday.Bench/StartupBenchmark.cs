using System.Diagnostics;

namespace Doomsday.Bench;

/// <summary>
/// The shipped native build against the ReadyToRun build, side by side in one run: what is installed
/// (bytes on disk), and start-up (<c>doomsday --version</c>, and <c>scan EMPTY-DIR --output json</c>: the
/// floor of every one-shot command), median and minimum of <c>--runs</c> interleaved runs, process spawn to
/// exit as seen from here.
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
        var times = builds.ToDictionary(b => b.Label, _ => (Version: new List<double>(), Empty: new List<double>()));
        for (var i = 0; i < runs; i++)
        {
            foreach (var (label, exe) in builds)
            {
                times[label].Version.Add(Milliseconds(exe, ["--version"]));
                times[label].Empty.Add(Milliseconds(exe, ["scan", empty, "--output", "json"]));
            }
        }
        Console.WriteLine($"{"build",-12} {"on disk",10} {"--version median (min)",26} {"scan EMPTY median (min)",26}");
        foreach (var (label, exe) in builds)
        {
            var t = times[label];
            Console.WriteLine($"{label,-12} {Size(exe) / 1048576.0,8:F1} MB {Median(t.Version),14:F1} ms ({t.Version.Min():F1}) {Median(t.Empty),14:F1} ms ({t.Empty.Min():F1})");
        }
        Console.WriteLine($"({runs} interleaved runs each; on disk: the executable and every file published beside it)");
        return 0;
    }

    private static double Milliseconds(string exe, string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return sw.Elapsed.TotalMilliseconds;
    }

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
