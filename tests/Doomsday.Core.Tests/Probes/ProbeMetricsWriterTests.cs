using Doomsday.Core.Probes;
using Doomsday.Core.Probes.Http;
using Doomsday.Core.Probes.Tcp;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Probes;

public sealed class ProbeMetricsWriterTests
{
    private static readonly DateTimeOffset At = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<ProbeStatus> Statuses()
    {
        var shop = new HttpProbeOptions { Name = "shop", Url = "https://shop.example/healthz", FailureThreshold = 1, Labels = new Dictionary<string, string> { ["team"] = "web", ["probe"] = "clash", ["bad-name"] = "x" } };
        var (down, _) = ProbeStatus.Initial(shop).After(ProbeResult.Fail(TimeSpan.FromMilliseconds(250), "unexpected_status", "503", 503), At);
        var ssh = new TcpProbeOptions { Name = "ssh", Address = "10.0.0.5:22" };
        var (up, _) = ProbeStatus.Initial(ssh).After(ProbeResult.Ok(TimeSpan.FromMilliseconds(2)), At);
        var pending = ProbeStatus.Initial(new TcpProbeOptions { Name = "new", Address = "10.0.0.6:22" });
        return [down, up, pending];
    }

    [Fact]
    public void Render_Statuses_PassesPromtool()
    {
        var text = ProbeMetricsWriter.Render(Statuses());

        var (exit, output) = Promtool.CheckMetrics(text);
        Assert.True(exit == 0, output + "\n" + text);
    }

    [Fact]
    public void Render_Statuses_BlackboxStyleSeriesWithProbeLabels()
    {
        var samples = PrometheusText.Samples(ProbeMetricsWriter.Render(Statuses()));
        double Value(string name, string probe) => samples.Single(s => s.Name == name && s.Labels["probe"] == probe).Value;

        Assert.Equal(0, Value(ProbeMetricNames.Success, "shop"));
        Assert.Equal(1, Value(ProbeMetricNames.Success, "ssh"));
        Assert.Equal(0.25, Value(ProbeMetricNames.DurationSeconds, "shop"));
        Assert.Equal(503, Value(ProbeMetricNames.HttpStatusCode, "shop"));
        Assert.DoesNotContain(samples, s => s.Name == ProbeMetricNames.HttpStatusCode && s.Labels["probe"] == "ssh");
        Assert.Equal(1, Value(ProbeMetricNames.Down, "shop"));
        Assert.Equal(0, Value(ProbeMetricNames.Down, "new"));
        Assert.DoesNotContain(samples, s => s.Name == ProbeMetricNames.Success && s.Labels["probe"] == "new");
        var shop = samples.First(s => s.Labels["probe"] == "shop");
        Assert.Equal("http", shop.Labels["kind"]);
        Assert.Equal("web", shop.Labels["team"]);
        Assert.False(shop.Labels.ContainsKey("bad-name"));
    }

    [Fact]
    public void Render_ResultWithChain_EarliestExpiry()
    {
        var leaf = TestCertificates.Create("CN=edge", At.AddDays(-1), At.AddDays(30));
        var root = TestCertificates.Create("CN=root", At.AddDays(-1), At.AddDays(10));
        var tls = new Doomsday.Core.Probes.Tls.TlsProbeOptions { Name = "edge", Address = "10.0.0.1:443" };
        var (status, _) = ProbeStatus.Initial(tls).After(ProbeResult.Ok(TimeSpan.FromMilliseconds(3)) with { Chain = [leaf, root] }, At);

        var samples = PrometheusText.Samples(ProbeMetricsWriter.Render([status]));

        Assert.Equal(At.AddDays(10).ToUnixTimeSeconds(),
            samples.Single(s => s.Name == ProbeMetricNames.SslEarliestCertExpiry).Value);
    }
}
