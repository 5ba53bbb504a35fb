using Doomsday.Core.Reporting;
using Doomsday.Watch.Probes;
using Doomsday.Watch.Probes.Http;
using Doomsday.Watch.Probes.Tcp;

namespace Doomsday.Watch.Tests.Probes;

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
    public void Render_Statuses_InstanceIsTheTargetAsBlackboxRelabellingGivesIt()
    {
        var samples = PrometheusText.Samples(ProbeMetricsWriter.Render(Statuses()));

        Assert.Equal("https://shop.example/healthz", samples.First(s => s.Labels["probe"] == "shop").Labels["instance"]);
        Assert.Equal("10.0.0.5:22", samples.First(s => s.Labels["probe"] == "ssh").Labels["instance"]);
        Assert.Equal("10.0.0.6:22", samples.Single(s => s.Labels["probe"] == "new").Labels["instance"]);
    }

    [Fact]
    public void Render_HttpFailureWithoutAnswer_StatusZeroAndEveryHttpFamily()
    {
        var shop = new HttpProbeOptions { Name = "shop", Url = "https://user:secret@shop.example:8443/healthz?token=x" };
        var (status, _) = ProbeStatus.Initial(shop).After(ProbeResult.Fail(TimeSpan.FromSeconds(5), ProbeReasonCodes.Timeout, "no result within 5s"), At);

        var text = ProbeMetricsWriter.Render([status]);
        var samples = PrometheusText.Samples(text);

        Assert.Equal(0, Promtool.CheckMetrics(text).ExitCode);
        Assert.Equal(0, samples.Single(s => s.Name == ProbeMetricNames.HttpStatusCode).Value);
        Assert.Equal(["connect", "processing", "resolve", "tls", "transfer"],
            samples.Where(s => s.Name == ProbeMetricNames.HttpDurationSeconds).Select(s => s.Labels["phase"]).Order(StringComparer.Ordinal));
        foreach (var name in new[] { ProbeMetricNames.HttpSsl, ProbeMetricNames.HttpRedirects, ProbeMetricNames.HttpVersion, ProbeMetricNames.FailedDueToRegex, ProbeMetricNames.IpProtocol })
        {
            Assert.Equal(0, samples.Single(s => s.Name == name).Value);
        }
        Assert.DoesNotContain(samples, s => s.Name == ProbeMetricNames.SslEarliestCertExpiry);
        // The target without user info or query: they may carry credentials.
        Assert.All(samples, s => Assert.Equal("https://shop.example:8443/healthz", s.Labels["instance"]));
    }

    [Fact]
    public void Render_TlsTelemetry_ChainFamiliesAsBlackboxWritesThem()
    {
        var leafCert = TestPki.CreateServer("edge.example", ["edge.example", "www.edge.example"], At.AddDays(-1), At.AddDays(30),
            TestPki.CreateCa("Edge CA", At.AddDays(-10), At.AddDays(60)));
        Assert.True(Doomsday.Core.Certificates.DerCertificateParser.TryParse(leafCert.RawData, out var leaf, out _));
        var root = TestCertificates.Create("CN=root", At.AddDays(-1), At.AddDays(10));
        var tls = new Doomsday.Watch.Probes.Tls.TlsProbeOptions { Name = "edge", Address = "10.0.0.1:443" };
        var telemetry = new ProbeTelemetry
        {
            Address = AddressTelemetry.Connected(TimeSpan.Zero, System.Net.IPAddress.Parse("10.0.0.1")),
            Tls = new TlsTelemetry([leaf!, root], "TLS 1.3", DateTimeOffset.MinValue),
            FailedDueToRegex = false,
        };
        var (status, _) = ProbeStatus.Initial(tls).After(ProbeResult.Ok(TimeSpan.FromMilliseconds(3)) with { Telemetry = telemetry }, At);

        var samples = PrometheusText.Samples(ProbeMetricsWriter.Render([status]));

        Assert.Equal(At.AddDays(10).ToUnixTimeSeconds(), samples.Single(s => s.Name == ProbeMetricNames.SslEarliestCertExpiry).Value);
        // Verification skipped (insecureSkipVerify): blackbox reports Go's zero time.
        Assert.Equal(-62135596800, samples.Single(s => s.Name == ProbeMetricNames.SslLastChainExpiryTimestampSeconds).Value);
        Assert.Equal("TLS 1.3", samples.Single(s => s.Name == ProbeMetricNames.TlsVersionInfo).Labels["version"]);
        var info = samples.Single(s => s.Name == ProbeMetricNames.SslLastChainInfo).Labels;
        Assert.Equal(TestPki.Sha256(leafCert), info["fingerprint_sha256"]);
        Assert.Equal("CN=edge.example", info["subject"]);
        Assert.Equal("CN=Edge CA", info["issuer"]);
        Assert.Equal("edge.example,www.edge.example", info["subjectalternative"]);
        Assert.Equal(4, samples.Single(s => s.Name == ProbeMetricNames.IpProtocol).Value);
        Assert.Equal(AddressTelemetry.Hash(System.Net.IPAddress.Parse("10.0.0.1")), samples.Single(s => s.Name == ProbeMetricNames.IpAddrHash).Value);
        Assert.DoesNotContain(samples, s => s.Name == ProbeMetricNames.HttpStatusCode);
    }

    [Fact]
    public void Render_GlobalLabelsAndOwnInstance_ProbeLabelsWinOverGlobalOnes()
    {
        var probe = new TcpProbeOptions { Name = "db", Address = "10.0.0.7:5432", Labels = new Dictionary<string, string> { ["instance"] = "primary-db", ["team"] = "data" } };
        var (status, _) = ProbeStatus.Initial(probe).After(ProbeResult.Ok(TimeSpan.FromMilliseconds(2)), At);
        var global = ExtraLabels.From(new Dictionary<string, string> { ["cluster"] = "prod", ["team"] = "platform", ["kind"] = "clash" });

        var text = ProbeMetricsWriter.Render([status], global);
        var samples = PrometheusText.Samples(text);

        Assert.Equal(0, Promtool.CheckMetrics(text).ExitCode);
        Assert.All(samples, s => Assert.Equal(("prod", "data", "primary-db", "tcp"), (s.Labels["cluster"], s.Labels["team"], s.Labels["instance"], s.Labels["kind"])));
    }

    [Fact]
    public void AddressHash_IsFnv1aOverTheAddressBytesAsBlackbox()
    {
        // FNV-1a 32 of 0x7f000001 and of ::1, computed by hand from the algorithm.
        static uint Fnv(params byte[] bytes)
        {
            var h = 2166136261u;
            foreach (var b in bytes) h = (h ^ b) * 16777619u;
            return h;
        }

        Assert.Equal(Fnv(127, 0, 0, 1), AddressTelemetry.Hash(System.Net.IPAddress.Loopback));
        Assert.Equal(Fnv(127, 0, 0, 1), AddressTelemetry.Hash(System.Net.IPAddress.Loopback.MapToIPv6()));
        Assert.Equal(Fnv([.. new byte[15], 1]), AddressTelemetry.Hash(System.Net.IPAddress.IPv6Loopback));
    }
}
