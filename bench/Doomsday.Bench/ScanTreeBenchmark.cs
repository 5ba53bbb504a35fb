using System.Text.RegularExpressions;

namespace Doomsday.Bench;

/// <summary>
/// <c>scan-tree</c>: a generated tree of PEM files scanned by <c>doomsday scan DIR --output json</c>
/// (a separate process, start included) next to a read-only pass, an X509Certificate2 loop,
/// Python's cryptography and an openssl shell loop, all in one run.
/// </summary>
internal static partial class ScanTreeBenchmark
{
    private const int LoopSample = 10_000;
    private const int OpensslSample = 100;

    // Targets from the issue.
    private const double ReadRatioTarget = 0.60;
    private const double X509RatioTarget = 10.0;
    private const long RssTargetKiB = 200 * 1024;

    public static int Run(BenchOptions o)
    {
        Directory.CreateDirectory(o.WorkDir);
        var tree = Path.Combine(o.WorkDir, $"tree-{o.Files}");
        var files = TreeGenerator.Ensure(tree, o.Files);
        if (files.Count != o.Files)
        {
            Console.Error.WriteLine($"tree holds {files.Count} files, expected {o.Files}; delete {tree} and retry");
            return 1;
        }
        var doomsday = DoomsdayBuild.Locate(o);
        if (doomsday is null) return 1;
        Machine.Print();

        // Warm the page cache and the JIT of this process; check doomsday's output once.
        Baselines.ReadOnly(tree);
        if (!CheckOutput(doomsday, tree, o)) return 1;

        var emptyDir = Directory.CreateDirectory(Path.Combine(o.WorkDir, "empty")).FullName;
        var reads = new List<Rate>();
        var scans = new List<ProcessRun>();
        var starts = new List<ProcessRun>();
        for (var r = 0; r < o.Runs; r++)
        {
            // Interleaved so that noise from other work on the machine hits both alike.
            reads.Add(Baselines.ReadOnly(tree));
            scans.Add(ProcessRunner.Timed(doomsday, ["scan", tree, "--output", "json"], "/dev/null"));
            starts.Add(ProcessRunner.Timed(doomsday, ["scan", emptyDir, "--output", "json"], "/dev/null"));
            Console.WriteLine($"run {r + 1}/{o.Runs}: read-only {reads[^1].PerSecond:N0} files/s, doomsday {scans[^1].Wall.TotalSeconds:F2} s (exit {scans[^1].ExitCode}, peak RSS {scans[^1].PeakRssKiB / 1024} MiB)");
        }
        var sample = Sample(files, LoopSample);
        var x509 = Baselines.X509Certificate2Loop(sample);
        var (python, pythonNote) = Baselines.PythonCryptography(sample, o.WorkDir);
        var (openssl, opensslNote) = Baselines.OpensslLoop(Sample(files, OpensslSample), o.WorkDir);

        var read = Rate.Median(reads);
        var scanRun = scans.OrderBy(s => s.Wall).ElementAt(scans.Count / 2);
        var scan = new Rate(o.Files, scanRun.Wall, "");
        var peak = scans.Max(s => s.PeakRssKiB);
        var start = starts.OrderBy(s => s.Wall).ElementAt(starts.Count / 2);

        Console.WriteLine();
        Console.WriteLine($"{o.Files:N0} PEM files, one certificate each; median of {o.Runs} runs where repeated");
        Console.WriteLine($"{"",-4}{"what",-52}{"files/s",12}{"time",10}  notes");
        Row("a", "read-only pass, all cores (walk + read)", read, read.Note);
        Row("b", "X509Certificate2 loop, 1 thread", x509, $"sample of {sample.Count:N0}");
        if (python is not null) Row("c", "python cryptography loop, 1 thread", python, $"sample of {sample.Count:N0}; {pythonNote}");
        else Console.WriteLine($"{"c",-4}{"python cryptography loop",-52}{"-",12}{"-",10}  {pythonNote}");
        if (openssl is not null) Row("d", "sh loop over openssl x509", openssl, $"sample of {OpensslSample}");
        else Console.WriteLine($"{"d",-4}{"sh loop over openssl x509",-52}{"-",12}{"-",10}  {opensslNote}");
        Row("e", "doomsday scan DIR --output json > /dev/null", scan, $"process start included; peak RSS {peak / 1024.0:F0} MiB");
        Console.WriteLine($"{"",-4}{"doomsday scan EMPTY-DIR --output json (startup floor)",-52}{"",12}{start.Wall.TotalMilliseconds,8:F0}ms  peak RSS {start.PeakRssKiB / 1024.0:F0} MiB");
        Console.WriteLine();
        var vsRead = scan.PerSecond / read.PerSecond;
        var vsX509 = scan.PerSecond / x509.PerSecond;
        Console.WriteLine($"(e)/(a) = {vsRead:P0}   target >= {ReadRatioTarget:P0}   {Verdict(vsRead >= ReadRatioTarget)}");
        Console.WriteLine($"(e)/(b) = {vsX509:F1}x   target >= {X509RatioTarget:F0}x   {Verdict(vsX509 >= X509RatioTarget)}");
        if (python is not null) Console.WriteLine($"(e)/(c) = {scan.PerSecond / python.PerSecond:F1}x");
        if (openssl is not null) Console.WriteLine($"(e)/(d) = {scan.PerSecond / openssl.PerSecond:F0}x");
        Console.WriteLine($"peak RSS = {peak / 1024.0:F0} MiB   target < 200 MB   {Verdict(peak * 1024 < 200_000_000)}");
        return 0;
    }

    private static void Row(string id, string what, Rate r, string note) =>
        Console.WriteLine($"{id,-4}{what,-52}{r.PerSecond,12:N0}{r.Elapsed.TotalSeconds,9:F2}s  {note}");

    private static string Verdict(bool ok) => ok ? "MET" : "MISSED";

    private static List<string> Sample(IReadOnlyList<string> files, int count)
    {
        if (files.Count <= count) return [.. files];
        var step = (double)files.Count / count;
        return Enumerable.Range(0, count).Select(i => files[(int)(i * step)]).ToList();
    }

    /// <summary>Runs the scan once into a file and checks that the summary counts every certificate and no error.</summary>
    private static bool CheckOutput(string doomsday, string tree, BenchOptions o)
    {
        var output = Path.Combine(o.WorkDir, "scan-output.json");
        var run = ProcessRunner.Timed(doomsday, ["scan", tree, "--output", "json"], output);
        try
        {
            using var f = File.OpenRead(output);
            var tailLength = (int)Math.Min(f.Length, 4096);
            f.Seek(-tailLength, SeekOrigin.End);
            var buffer = new byte[tailLength];
            f.ReadExactly(buffer);
            var tail = System.Text.Encoding.UTF8.GetString(buffer);
            var summary = SummaryPattern().Match(tail);
            if (!summary.Success || summary.Groups[1].Value != o.Files.ToString() || summary.Groups[2].Value != "0")
            {
                Console.Error.WriteLine($"doomsday output check failed (exit {run.ExitCode}); tail of {output}:\n{tail}");
                return false;
            }
            Console.WriteLine($"check: doomsday reported {o.Files:N0} certificates, 0 errors ({f.Length / 1024 / 1024} MiB of JSON, warm-up {run.Wall.TotalSeconds:F2} s)");
            f.Close();
            File.Delete(output);
            return true;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"doomsday output check failed: {e.Message}");
            return false;
        }
    }

    [GeneratedRegex("\"summary\":\\s*\\{\\s*\"certificates\":\\s*(\\d+),\\s*(?:\"distinct\":\\s*\\d+,\\s*)?\"errors\":\\s*(\\d+)")]
    private static partial Regex SummaryPattern();
}
