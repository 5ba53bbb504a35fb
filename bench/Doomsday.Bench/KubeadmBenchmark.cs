namespace Doomsday.Bench;

/// <summary>
/// <c>kubeadm</c>: wall time of scanning a full kubeadm node's /etc/kubernetes, process start
/// included. Target: well under one second.
/// </summary>
internal static class KubeadmBenchmark
{
    // TODO(lead): build the tree with Doomsday.Core.Pki.KubeadmTreeBuilder once it lands, instead of
    // copying this corpus tree (which holds certificates and kubeconfigs but no private keys).
    private const string CorpusTree = "/work/shared/corpus/kubeadm/maxxmoney-2020/etc-kubernetes";

    public static int Run(BenchOptions o)
    {
        if (!Directory.Exists(CorpusTree))
        {
            Console.Error.WriteLine($"kubeadm tree {CorpusTree} not found");
            return 1;
        }
        var doomsday = DoomsdayBuild.Locate(o);
        if (doomsday is null) return 1;
        Machine.Print();
        var dir = Path.Combine(o.WorkDir, "kubeadm", "etc-kubernetes");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Copy(CorpusTree, dir);
        var fileCount = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Count();

        // TODO(lead): switch to ["scan", "--kubeadm", dir, "--output", "json"] once KubeadmSource is
        // real; in this branch --kubeadm is a stub, so the same tree is scanned as plain files.
        string[] args = ["scan", dir, "--output", "json"];

        ProcessRunner.Timed(doomsday, args, "/dev/null"); // warm the page cache
        var runs = new List<ProcessRun>();
        for (var i = 0; i < o.Runs; i++) runs.Add(ProcessRunner.Timed(doomsday, args, "/dev/null"));
        var sorted = runs.OrderBy(r => r.Wall).ToList();
        var median = sorted[sorted.Count / 2];
        Console.WriteLine();
        Console.WriteLine($"doomsday {string.Join(' ', args)}  ({fileCount} files)");
        Console.WriteLine($"wall time incl. process start over {o.Runs} runs: median {median.Wall.TotalMilliseconds:F0} ms, min {sorted[0].Wall.TotalMilliseconds:F0} ms, max {sorted[^1].Wall.TotalMilliseconds:F0} ms; peak RSS {runs.Max(r => r.PeakRssKiB) / 1024.0:F0} MiB; exit code {median.ExitCode}");
        Console.WriteLine($"target: well under 1 s   {(median.Wall < TimeSpan.FromSeconds(1) ? "MET" : "MISSED")}");
        return 0;
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var sub in Directory.EnumerateDirectories(from)) Copy(sub, Path.Combine(to, Path.GetFileName(sub)));
    }
}
