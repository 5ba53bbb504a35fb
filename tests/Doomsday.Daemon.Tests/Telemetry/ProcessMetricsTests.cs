using System.Text;
using Doomsday.Core.Reporting;
using Doomsday.Daemon.Telemetry;

namespace Doomsday.Daemon.Tests.Telemetry;

/// <summary>The process families from a /proc-shaped tree written here (the real daemon's are checked by WatchProcessMetricsTests).</summary>
public sealed class ProcessMetricsTests : IDisposable
{
    // utime 250 + stime 50 ticks = 3 s; starttime 1234 ticks = 12.34 s after boot; vsize 3133440; rss 383 pages.
    private const string Stat = "4242 (doomsday) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 9 0 1234 3133440 383 18446744073709551615 0\n";
    private readonly TempDir _proc = new();

    private string Write(bool stat = true, bool limits = true, bool fds = true, bool boot = true)
    {
        if (stat) _proc.File("self/stat", Stat);
        if (limits) _proc.File("self/limits", ProcTextTests.Limits);
        if (fds) foreach (var fd in new[] { "0", "1", "2", "7" }) _proc.File($"self/fd/{fd}", "");
        if (boot) _proc.File("stat", "cpu  1 2 3 4\nbtime 1796533611\n");
        return _proc.Combine("self");
    }

    private string Scrape(ExtraLabels? labels = null)
    {
        var sb = new StringBuilder();
        new ProcessMetrics(_proc.Combine("self"), _proc.Combine("stat")).WriteTo(sb, labels);
        return sb.ToString();
    }

    [Fact]
    public void WriteTo_EveryFile_EveryFamilyWithClientGolangsValues()
    {
        Write();

        var text = Scrape(ExtraLabels.From(new Dictionary<string, string> { ["cluster"] = "prod" }));

        var samples = PrometheusText.Samples(text).ToDictionary(s => s.Name);
        Assert.Equal(ProcessMetricNames.All.Order(), samples.Keys.Order());
        Assert.All(samples.Values, s => Assert.Equal("prod", s.Labels["cluster"]));
        Assert.Equal(3.0, samples[ProcessMetricNames.CpuSecondsTotal].Value);
        Assert.Equal(3133440.0, samples[ProcessMetricNames.VirtualMemoryBytes].Value);
        Assert.Equal(383.0 * Environment.SystemPageSize, samples[ProcessMetricNames.ResidentMemoryBytes].Value);
        Assert.Equal(1796533611 + 12.34, samples[ProcessMetricNames.StartTimeSeconds].Value, 6);
        Assert.Equal(4.0, samples[ProcessMetricNames.OpenFds].Value);
        Assert.Equal(1024.0, samples[ProcessMetricNames.MaxFds].Value);
        Assert.Equal(18446744073709551615.0, samples[ProcessMetricNames.VirtualMemoryMaxBytes].Value);
        Assert.Contains("# TYPE process_cpu_seconds_total counter\n", text);
        var (code, output) = Promtool.CheckMetrics(text);
        Assert.True(code == 0, output);
    }

    [Fact]
    public void WriteTo_StatUnreadable_LeavesOutItsFamiliesOnly()
    {
        Write(stat: false);
        _proc.Dir("self/stat"); // a directory: reading it fails

        var names = PrometheusText.Samples(Scrape()).Select(s => s.Name).Order();

        Assert.Equal(new[] { ProcessMetricNames.MaxFds, ProcessMetricNames.OpenFds, ProcessMetricNames.VirtualMemoryMaxBytes }.Order(), names);
    }

    [Fact]
    public void WriteTo_NoBootTimeNoLimitsNoFds_CpuAndMemoryOnly()
    {
        Write(limits: false, fds: false, boot: false);
        _proc.File("self/limits", "Limit                     Soft Limit           Hard Limit           Units     \n");

        var names = PrometheusText.Samples(Scrape()).Select(s => s.Name).Order();

        Assert.Equal(new[] { ProcessMetricNames.CpuSecondsTotal, ProcessMetricNames.ResidentMemoryBytes, ProcessMetricNames.VirtualMemoryBytes }.Order(), names);
    }

    [Fact]
    public void WriteTo_NoProcAtAll_WritesNothing()
    {
        Assert.Equal("", Scrape());
    }

    public void Dispose() => _proc.Dispose();
}
