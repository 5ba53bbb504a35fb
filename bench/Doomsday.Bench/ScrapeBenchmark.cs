using System.Diagnostics;
using System.Text;
using Doomsday.Core.Reporting;
using Doomsday.Daemon.Configuration;
using Doomsday.Daemon.Http;
using Doomsday.Daemon.Telemetry;
using EventLog = Doomsday.Daemon.Logging.EventLog;

namespace Doomsday.Bench;

/// <summary>
/// <c>scrape</c>: what the standard process metrics add to a scrape of <c>/metrics</c>. Two servers of the
/// daemon's own HTTP stack in this process, both serving the certificate section of an inventory
/// (<c>--certificates</c>) and the daemon's own families; the second adds the process families (read from this
/// process' <c>/proc/self</c>). Fetched alternately, <c>--runs</c> times each after 20 warm-up rounds; prints
/// client-side medians and p95, and the process section alone rendered in a loop.
/// </summary>
internal static class ScrapeBenchmark
{
    public static int Run(string[] args) => RunAsync(WebBenchmark.Arg(args, "--runs", 2000), WebBenchmark.Arg(args, "--certificates", 1000)).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(int runs, int certCount)
    {
        Machine.Print();
        var snapshot = WebBenchmark.Inventory(DateTimeOffset.UtcNow, certCount);
        var certificates = PrometheusReportWriter.Render(new CertificateReport(snapshot.ToSink(), snapshot.Thresholds, snapshot.ScannedAt));
        var labels = ExtraLabels.From(new Dictionary<string, string> { ["cluster"] = "bench" });
        var daemon = new DaemonMetrics { OutboxPending = () => 0, Workers = () => new Dictionary<string, bool> { ["inventory"] = true, ["alerts"] = true, ["outbox"] = true } };
        var process = new ProcessMetrics();

        List<Action<Stream>> Sections(bool withProcess)
        {
            var sections = new List<Action<Stream>> { stream => stream.Write(certificates), MetricsEndpoint.Text(sb => daemon.WriteTo(sb, labels)) };
            if (withProcess) sections.Add(MetricsEndpoint.Text(sb => process.WriteTo(sb, labels)));
            return sections;
        }

        ListenAddress.TryParse("127.0.0.1:0", out var listen, out _);
        await using var without = DaemonHttpServer.Create(listen!, new ServerSettings(), () => null, EventLog.Null, [app => MetricsEndpoint.Map(app, () => Sections(false))]);
        await using var with = DaemonHttpServer.Create(listen!, new ServerSettings(), () => null, EventLog.Null, [app => MetricsEndpoint.Map(app, () => Sections(true))]);
        await without.StartAsync(CancellationToken.None);
        await with.StartAsync(CancellationToken.None);
        using var httpWithout = new HttpClient { BaseAddress = without.BaseUrl };
        using var httpWith = new HttpClient { BaseAddress = with.BaseUrl };

        var times = new[] { new List<double>(), new List<double>() };
        var sizes = new long[2];
        for (var i = 0; i < runs + 20; i++)
        {
            // alternate which goes first, so neither always pays for the other's garbage
            foreach (var which in i % 2 == 0 ? new[] { 0, 1 } : [1, 0])
            {
                var sw = Stopwatch.StartNew();
                var body = await (which == 0 ? httpWithout : httpWith).GetByteArrayAsync("/metrics");
                sw.Stop();
                if (i < 20) continue;
                times[which].Add(sw.Elapsed.TotalMicroseconds);
                sizes[which] = body.Length;
            }
        }

        var alone = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            var sb = new StringBuilder();
            process.WriteTo(sb, labels);
            _ = Encoding.UTF8.GetByteCount(sb.ToString());
            alone.Add(sw.Elapsed.TotalMicroseconds);
        }

        Console.WriteLine($"/metrics: {certCount} certificates, {runs} GETs each, alternating");
        Console.WriteLine($"{"",-32} {"median µs",10} {"p95 µs",10} {"bytes",8}");
        Console.WriteLine($"{"without the process families",-32} {WebBenchmark.Percentile(times[0], 0.5),10:0} {WebBenchmark.Percentile(times[0], 0.95),10:0} {sizes[0],8}");
        Console.WriteLine($"{"with the process families",-32} {WebBenchmark.Percentile(times[1], 0.5),10:0} {WebBenchmark.Percentile(times[1], 0.95),10:0} {sizes[1],8}");
        Console.WriteLine($"{"the process section alone",-32} {WebBenchmark.Percentile(alone, 0.5),10:0} {WebBenchmark.Percentile(alone, 0.95),10:0}");
        return 0;
    }
}
