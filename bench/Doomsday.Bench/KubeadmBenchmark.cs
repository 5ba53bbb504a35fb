namespace Doomsday.Bench;

/// <summary>
/// <c>kubeadm</c>: wall time of scanning a full kubeadm node's /etc/kubernetes, process start
/// included. Target: well under one second.
/// </summary>
internal static class KubeadmBenchmark
{
    public static int Run(BenchOptions o)
    {
        var doomsday = DoomsdayBuild.Locate(o);
        if (doomsday is null) return 1;
        Machine.Print();
        var node = Path.Combine(o.WorkDir, "kubeadm");
        if (Directory.Exists(node)) Directory.Delete(node, recursive: true);
        var dir = Path.Combine(node, "etc", "kubernetes");
        // A full node as kubeadm writes it: RSA-2048 keys, every leaf and kubeconfig, manifests, kubelet files.
        using (Doomsday.Core.Pki.KubeadmTreeBuilder.Build(dir, new Doomsday.Core.Pki.KubeadmTreeOptions
               {
                   Now = DateTimeOffset.UtcNow,
                   KubeletDirectory = Path.Combine(node, "var", "lib", "kubelet"),
               }))
        {
        }
        var fileCount = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Count();

        string[] args = ["scan", "--kubeadm", dir, "--output", "json", "--fail-on", "never"];

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
}
