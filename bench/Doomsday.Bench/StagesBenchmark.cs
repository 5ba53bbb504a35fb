using System.Diagnostics;
using Doomsday.Core.Certificates;
using Doomsday.Core.Formats;
using Doomsday.Core.Inventory;
using Doomsday.Core.Reporting;
using Doomsday.Core.Sources.Files;

namespace Doomsday.Bench;

/// <summary>
/// <c>stages</c>: where the time of a scan goes, in-process (no process start): the walk alone,
/// walk + read, decode alone, the file source into a null sink, and into the JSON writer.
/// For profiling; the figures that count are those of <c>scan-tree</c>.
/// </summary>
internal static class StagesBenchmark
{
    public static int Run(BenchOptions o)
    {
        var tree = Path.Combine(o.WorkDir, $"tree-{o.Files}");
        var files = TreeGenerator.Ensure(tree, o.Files);
        Machine.Print();
        var options = new ScanOptions();
        var contents = files.Take(20_000).Select(File.ReadAllBytes).ToArray();
        for (var r = 0; r < o.Runs; r++)
        {
            Time("walk (FileWalker)", files.Count, () => new FileWalker(new PathSelection([tree])).Walk().Count());
            Time("decode, 1 thread (CertificateDecoder, 20k in memory)", contents.Length, () =>
            {
                foreach (var c in contents) CertificateDecoder.Decode(c);
            });
            Time("decode + JSON, 1 thread (20k in memory)", contents.Length, () =>
            {
                using var w = new JsonReportWriter(Stream.Null, Thresholds.Default, DateTimeOffset.UnixEpoch);
                foreach (var c in contents)
                {
                    foreach (var d in CertificateDecoder.Decode(c).Certificates) w.Add(new FoundCertificate(d.Info, new FileSourceRef("/x/y.pem", 0, "pem")));
                }
                w.Complete(0);
            });
            Time("FileSource -> null sink", files.Count, () =>
                new FileSource(new PathSelection([tree]), options).CollectAsync(new NullSink(), CancellationToken.None).GetAwaiter().GetResult());
            Time("FileSource -> JsonReportWriter(Stream.Null)", files.Count, () =>
            {
                using var w = new JsonReportWriter(Stream.Null, Thresholds.Default, DateTimeOffset.UnixEpoch);
                new FileSource(new PathSelection([tree]), options).CollectAsync(w, CancellationToken.None).GetAwaiter().GetResult();
                w.Complete(0);
            });
            Console.WriteLine();
        }
        return 0;
    }

    private static void Time(string what, int items, Action action)
    {
        var gc = GC.CollectionCount(0);
        var alloc = GC.GetTotalAllocatedBytes(precise: false);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        action();
        sw.Stop();
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - alloc;
        Console.WriteLine($"{what,-55}{items / sw.Elapsed.TotalSeconds,12:N0}/s  wall {sw.Elapsed.TotalMilliseconds,7:F0} ms  cpu {cpuUsed.TotalMilliseconds,7:F0} ms  {cpuUsed.TotalMicroseconds / items,6:F1} µs cpu/item  {allocated / items,6} B/item  gen0 {GC.CollectionCount(0) - gc}");
    }

    private sealed class NullSink : IInventorySink
    {
        public void Add(FoundCertificate certificate) { }
        public void Add(SourceError error) { }
    }
}
